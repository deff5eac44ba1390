import { defaultScenario } from '../../../engine/scenario/schema';
import type { LegendUi, ProtocolUi } from '../ui';
import { multiPaxosCommands } from './commands';
import { multiPaxosInspector } from './inspector';
import { LINES, multiPaxosMessages } from './messages';
import { MULTI_PAXOS_TOPICS, multiPaxosNarrator } from './narrator';
import { multiPaxosLook, MultiPaxosNodeBody } from './node';
import { multiPaxosObservations } from './observations';
import { asMultiPaxosView, type MultiPaxosView } from './view';
// The ballot timeline's sheet where it always was in the page's styles (its panel loads later).
import '../../views/ballots/ballots.css';
import './multi-paxos.css';
import { lazyView } from '../../lib/lazy-view';

// Its panels load on first use (issue 12: a link opens on what the first picture needs).
const MultiPaxosPanels = lazyView(() => import('./MultiPaxosPanels').then((m) => m.MultiPaxosPanels));

const legend: LegendUi = {
  glyphs: [
    { type: 'Prepare', msg: {}, label: 'Prepare (phase 1, once per leader)' },
    { type: 'Promise', msg: {}, label: 'Promise' },
    { type: 'Accept', msg: {}, label: 'Accept (phase 2, per slot)' },
    { type: 'Accepted', msg: {}, label: 'Accepted' },
    { type: 'Heartbeat', msg: {}, label: 'Heartbeat' },
    { type: 'ClientRequest', msg: {}, label: 'client request' },
    { type: 'ClientResponse', msg: {}, label: 'client answer' },
  ],
  marks: true,
  tones: [
    { tone: 'leader', label: 'leader', icon: '★' },
    { tone: 'candidate', label: 'phase 1', icon: '?' },
    { tone: 'follower', label: 'acceptor', icon: '●' },
    { tone: 'client', label: 'client', icon: '⌨' },
  ],
  lines: ['Prepare', 'Promise', 'Accept', 'Accepted', 'Heartbeat', 'ClientRequest', 'ClientResponse'].map((t) => ({ style: LINES[t]!, label: LINES[t]!.label })),
};

/** Multi-Paxos in the page: what app/protocols/registry.ts lists for the engine's "multi-paxos". */
export const multiPaxosUi: ProtocolUi<MultiPaxosView> = {
  name: 'multi-paxos',
  title: 'Multi-Paxos',
  summary: 'A stable leader runs phase 1 once and then only phase 2 per command: a replicated log and a key-value store.',
  parseView: asMultiPaxosView,
  // Three servers and two clients (the protocol's default kinds), a write or read every 500 ms.
  defaultScenario: ({ seed, nodes }) => {
    const servers = nodes ?? 3;
    return defaultScenario({
      protocol: 'multi-paxos',
      seed,
      nodes: servers + 2,
      topology: { groups: [{ kind: 'server', count: servers }, { kind: 'client', count: 2 }] },
      config: { workloadIntervalMs: 500 },
      untilUs: 3_600_000_000,
    });
  },
  node: {
    look: multiPaxosLook,
    Body: MultiPaxosNodeBody,
    ringTimer: 'election',
    ringLabel: 'election timer',
    laneGlyph: (node) => {
      const v = asMultiPaxosView(node.view);
      return v?.kind === 'server' && v.role === 'leader' ? '★' : '';
    },
  },
  messages: multiPaxosMessages,
  legend,
  observations: multiPaxosObservations,
  interestingText: 'phase 1, a new leader, a no-op filling a gap, or a step down',
  narrator: multiPaxosNarrator,
  topics: MULTI_PAXOS_TOPICS,
  panels: [{ id: 'log', Component: MultiPaxosPanels }],
  inspector: multiPaxosInspector,
  commands: multiPaxosCommands,
};
