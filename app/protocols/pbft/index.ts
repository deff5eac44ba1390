import { defaultScenario } from '../../../engine/scenario/schema';
import type { LegendUi, ProtocolUi } from '../ui';
import { pbftCommands } from './commands';
import { pbftInspector } from './inspector';
import { PBFT_LINES, pbftMessages } from './messages';
import { PBFT_TOPICS, pbftNarrator } from './narrator';
import { PbftNodeBody, pbftLook } from './node';
import { pbftObservations } from './observations';
import { pbftLessons } from './lessons';
import { asPbftView, type PbftView } from './view';
import './pbft.css';
import { lazyView } from '../../lib/lazy-view';

// Its panels load on first use (issue 12: a link opens on what the first picture needs).
const PbftLogPanel = lazyView(() => import('./LogPanel').then((m) => m.PbftLogPanel));

const legend: LegendUi = {
  glyphs: [
    { type: 'Request', msg: {}, label: 'request (client)' },
    { type: 'PrePrepare', msg: { seq: 1 }, label: 'pre-prepare; number: sequence number' },
    { type: 'Prepare', msg: { seq: 1 }, label: 'prepare' },
    { type: 'Commit', msg: { seq: 1 }, label: 'commit' },
    { type: 'Reply', msg: {}, label: 'reply to the client' },
    { type: 'ViewChange', msg: { view: 1 }, label: 'view change; number: the view' },
  ],
  marks: false,
  tones: [
    { tone: 'pbft-primary', label: 'primary of its view', icon: '★' },
    { tone: 'pbft-backup', label: 'backup', icon: '◆' },
    { tone: 'pbft-changing', label: 'changing view', icon: '⟳' },
    { tone: 'pbft-client', label: 'client', icon: '☎' },
  ],
  lines: ['Request', 'PrePrepare', 'Prepare', 'Commit', 'Reply', 'ViewChange', 'NewView'].map((t) => ({ style: PBFT_LINES[t]!, label: PBFT_LINES[t]!.label })),
};

/** PBFT in the page: what app/protocols/registry.ts lists for the engine's "pbft". */
export const pbftUi: ProtocolUi<PbftView> = {
  name: 'pbft',
  title: 'PBFT',
  summary: 'Byzantine agreement: 3f + 1 replicas order client requests in three phases and replace a faulty primary, even when f of them lie.',
  parseView: asPbftView,
  // Four replicas (f = 1) and two clients, a request every 250 ms: slow enough to follow.
  defaultScenario: ({ seed, nodes }) =>
    defaultScenario({
      protocol: 'pbft',
      seed,
      topology: {
        groups: [
          { kind: 'replica', count: nodes ?? 4, prefix: 'R' },
          { kind: 'client', count: 2, prefix: 'C' },
        ],
      },
      config: { workloadIntervalMs: 250 },
      untilUs: 3_600_000_000,
    }),
  node: {
    look: pbftLook,
    Body: PbftNodeBody,
    ringTimer: 'request',
    ringLabel: 'view-change timer (request waiting)',
    laneGlyph: (node) => {
      const v = asPbftView(node.view);
      return v && v.role === 'replica' && v.primary === node.id && v.status === 'normal' ? '★' : '';
    },
  },
  messages: pbftMessages,
  legend,
  observations: pbftObservations,
  interestingText: 'a commit, a view change, a new view or an accepted result',
  narrator: pbftNarrator,
  topics: PBFT_TOPICS,
  panels: [{ id: 'pbft-log', Component: PbftLogPanel }],
  inspector: pbftInspector,
  commands: pbftCommands,
  lessons: pbftLessons,
};
