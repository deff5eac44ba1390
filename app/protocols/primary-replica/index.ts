import { TEACHING_TIMINGS } from '../../../engine/protocols/primary-replica/config';
import { TOPOLOGY } from '../../../engine/protocols/primary-replica/scenarios';
import { defaultScenario } from '../../../engine/scenario/schema';
import type { LegendUi, ProtocolUi } from '../ui';
import { prCommands } from './commands';
import { prInspector } from './inspector';
import { primaryReplicaLessons } from './lessons';
import { PR_LINES, prMessages } from './messages';
import { PR_TOPICS, prNarrator } from './narrator';
import { PrNodeBody, prLook } from './node';
import { prObservations } from './observations';
import { asPrView, type PrView } from './view';
import './primary-replica.css';
import { lazyView } from '../../lib/lazy-view';

// Its panels load on first use (issue 12: a link opens on what the first picture needs).
const ReplicationPanels = lazyView(() => import('./ReplicationPanels').then((m) => m.ReplicationPanels));

const legend: LegendUi = {
  glyphs: [
    { type: 'Ship', msg: { entries: [{}, {}] }, label: 'WAL shipment; number: entries' },
    { type: 'Ack', msg: { ok: true }, label: 'acknowledgement' },
    { type: 'RenewLease', msg: {}, label: 'lease renewal or probe' },
    { type: 'Fenced', msg: {}, label: 'fenced: your epoch is over' },
    { type: 'ClientRequest', msg: {}, label: 'client request' },
  ],
  marks: false,
  tones: [
    { tone: 'pr-primary', label: 'primary', icon: '★' },
    { tone: 'pr-replica', label: 'replica', icon: '⇣' },
    { tone: 'pr-candidate', label: 'candidate', icon: '?' },
    { tone: 'pr-stale', label: 'primary of an old epoch (split brain)', icon: '⚠' },
  ],
  lines: [PR_LINES.Ship!, PR_LINES.Ack!, PR_LINES.RenewLease!, PR_LINES.Fenced!].map((style) => ({ style, label: style.label })),
};

/** Primary and replicas in the page: what app/protocols/registry.ts lists for "primary-replica". */
export const primaryReplicaUi: ProtocolUi<PrView> = {
  name: 'primary-replica',
  title: 'Primary and replicas',
  summary: 'A primary ships its write-ahead log to replicas (async, semi-sync or sync); a lease decides failover; epochs fence a deposed primary.',
  parseView: asPrView,
  // Three servers, the lease store, two clients; Patroni's timings ten times faster.
  defaultScenario: ({ seed, nodes }) =>
    defaultScenario({
      protocol: 'primary-replica',
      seed,
      topology: { groups: TOPOLOGY.groups.map((g) => (g.kind === 'server' && nodes ? { ...g, count: Math.max(1, Math.min(9, nodes)) } : g)) },
      config: { ...TEACHING_TIMINGS },
      untilUs: 3_600_000_000,
    }),
  node: {
    look: prLook,
    Body: PrNodeBody,
    ringTimer: null,
    ringLabel: '',
    laneGlyph: (node) => {
      const v = asPrView(node.view);
      return v?.kind === 'server' && v.role === 'primary' ? '★' : '';
    },
  },
  messages: prMessages,
  legend,
  observations: prObservations,
  interestingText: 'a promotion, a step-down, fencing or a rewind',
  narrator: prNarrator,
  topics: PR_TOPICS,
  panels: [{ id: 'lag', Component: ReplicationPanels }],
  inspector: prInspector,
  commands: prCommands,
  lessons: primaryReplicaLessons,
};
