import { defaultScenario } from '../../../engine/scenario/schema';
import type { LegendUi, ProtocolUi } from '../ui';
import { paxosCommands } from './commands';
import { paxosInspector } from './inspector';
import { paxosLessons } from './lessons';
import { ACCEPTED_LINE, ACCEPT_LINE, NACK_LINE, PREPARE_LINE, PROMISE_LINE, paxosMessages } from './messages';
import { PAXOS_TOPICS, paxosNarrator } from './narrator';
import { paxosLook, PaxosNodeBody } from './node';
import { paxosObservations } from './observations';
import { asPaxosView, type PaxosView } from './view';
// The ballot timeline's sheet where it always was in the page's styles (its panel loads later).
import '../../views/ballots/ballots.css';
import './paxos.css';
import { lazyView } from '../../lib/lazy-view';

// Its panels load on first use (issue 12: a link opens on what the first picture needs).
const PaxosPanels = lazyView(() => import('./PaxosPanels').then((m) => m.PaxosPanels));

const legend: LegendUi = {
  glyphs: [
    { type: 'Prepare', msg: {}, label: 'Prepare (phase 1)' },
    { type: 'Promise', msg: {}, label: 'Promise' },
    { type: 'Accept', msg: {}, label: 'Accept (phase 2)' },
    { type: 'Accepted', msg: {}, label: 'Accepted' },
    { type: 'Nack', msg: {}, label: 'Nack: ballot passed by' },
  ],
  marks: true,
  tones: [
    { tone: 'proposing', label: 'proposing', icon: '▶' },
    { tone: 'backoff', label: 'backing off', icon: '⏸' },
    { tone: 'learned', label: 'learned the value', icon: '✓' },
    { tone: 'acceptor', label: 'waiting', icon: '●' },
  ],
  lines: [
    { style: PREPARE_LINE, label: 'Prepare' },
    { style: PROMISE_LINE, label: 'Promise' },
    { style: ACCEPT_LINE, label: 'Accept' },
    { style: ACCEPTED_LINE, label: 'Accepted' },
    { style: NACK_LINE, label: 'Nack' },
  ],
};

/** Single-decree Paxos in the page: what app/protocols/registry.ts lists for the engine's "paxos". */
export const paxosUi: ProtocolUi<PaxosView> = {
  name: 'paxos',
  title: 'Paxos',
  summary: 'Single-decree Paxos: proposers, acceptors and learners agree on one value; duelling proposers and their cure.',
  parseView: asPaxosView,
  // Three servers, each a proposer, acceptor and learner, with the cure on (random back-off).
  defaultScenario: ({ seed, nodes }) =>
    defaultScenario({ protocol: 'paxos', seed, nodes: nodes ?? 3, workload: { kind: 'none' }, untilUs: 3_600_000_000 }),
  node: {
    look: paxosLook,
    Body: PaxosNodeBody,
    ringTimer: 'backoff',
    ringLabel: 'back-off',
    laneGlyph: (node) => (asPaxosView(node.view)?.learner?.learned ? '★' : ''),
  },
  messages: paxosMessages,
  legend,
  observations: paxosObservations,
  interestingText: 'a proposal, a pre-emption or a value learned',
  narrator: paxosNarrator,
  topics: PAXOS_TOPICS,
  panels: [{ id: 'acceptors', Component: PaxosPanels }],
  inspector: paxosInspector,
  commands: paxosCommands,
  lessons: paxosLessons,
};
