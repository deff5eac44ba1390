import { defaultScenario } from '../../../engine/scenario/schema';
import { dynamoLessons } from './lessons';
import type { LegendUi, ProtocolUi } from '../ui';
import { dynamoCommands } from './commands';
import { dynamoInspector } from './inspector';
import { DYNAMO_LINES, dynamoMessages } from './messages';
import { DYNAMO_TOPICS, dynamoNarrator } from './narrator';
import { dynamoLook, DynamoNodeBody } from './node';
import { dynamoObservations } from './observations';
import { asDynamoView, type DynamoView } from './view';
import './dynamo.css';
import { lazyView } from '../../lib/lazy-view';

// Its panels load on first use (issue 12: a link opens on what the first picture needs).
const RingPanel = lazyView(() => import('./RingPanel').then((m) => m.RingPanel));

const legend: LegendUi = {
  glyphs: [
    { type: 'Get', msg: {}, label: 'get (read a replica)' },
    { type: 'GetAck', msg: {}, label: 'its answer' },
    { type: 'Put', msg: {}, label: 'put (write a replica)' },
    { type: 'Put', msg: { hintFor: 0 }, label: 'put with a hint (stand-in)' },
    { type: 'PutAck', msg: {}, label: 'its acknowledgement' },
    { type: 'Repair', msg: {}, label: 'read repair' },
    { type: 'Handoff', msg: {}, label: 'hinted handoff' },
    { type: 'MerkleTree', msg: {}, label: 'Merkle tree (anti-entropy)' },
  ],
  marks: false,
  tones: [
    { tone: 'up', label: 'up', icon: '●' },
    { tone: 'hinted', label: 'holds hints for others', icon: 'h' },
    { tone: 'suspecting', label: 'suspects a peer', icon: '⚠' },
  ],
  lines: DYNAMO_LINES,
};

/** The Dynamo-style store in the page: what app/protocols/registry.ts lists for the engine's "dynamo". */
export const dynamoUi: ProtocolUi<DynamoView> = {
  name: 'dynamo',
  title: 'Dynamo',
  summary: 'A quorum store: a hash ring, N replicas per key, R and W quorums, vector clocks and siblings, sloppy quorum with hinted handoff.',
  parseView: asDynamoView,
  // Five nodes, the paper's (3, 2, 2), a client get or update every 400 ms: slow enough to follow.
  defaultScenario: ({ seed, nodes }) =>
    defaultScenario({ protocol: 'dynamo', seed, nodes: nodes ?? 5, workload: { kind: 'interval', intervalUs: 400_000 }, untilUs: 3_600_000_000 }),
  node: {
    look: dynamoLook,
    Body: DynamoNodeBody,
    ringTimer: null,
    ringLabel: '',
    laneGlyph: () => '',
  },
  messages: dynamoMessages,
  legend,
  observations: dynamoObservations,
  interestingText: 'a stand-in, siblings, a failed quorum, a handoff or a suspicion',
  narrator: dynamoNarrator,
  topics: DYNAMO_TOPICS,
  panels: [{ id: 'ring', Component: RingPanel }],
  inspector: dynamoInspector,
  commands: dynamoCommands,
  lessons: dynamoLessons,
};
