import { defaultScenario } from '../../../engine/scenario/schema';
import { ringLessons } from './lessons';
import type { LegendUi, ProtocolUi } from '../ui';
import { ringCommands } from './commands';
import { ringInspector } from './inspector';
import { ACK_LINE, GOSSIP_LINE, REPLY_LINE, ROUTE_LINE, ringMessages, TRANSFER_LINE } from './messages';
import { RING_TOPICS, ringNarrator } from './narrator';
import { ringLook, RingNodeBody } from './node';
import { ringObservations } from './observations';
import { asRingView, roleOf, type RingView } from './view';
import './ring.css';
import { lazyView } from '../../lib/lazy-view';

// Its panels load on first use (issue 12: a link opens on what the first picture needs).
const RingPanel = lazyView(() => import('./RingPanel').then((m) => m.RingPanel));
const SchemesPanel = lazyView(() => import('./SchemesPanel').then((m) => m.SchemesPanel));

const legend: LegendUi = {
  glyphs: [
    { type: 'Route', msg: { op: { op: 'put' } }, label: 'put (P) / get (G)' },
    { type: 'Reply', msg: { result: { ok: true } }, label: 'answer' },
    { type: 'Transfer', msg: { keys: [1, 2, 3, 4] }, label: 'chunk of keys' },
    { type: 'TransferAck', msg: {}, label: 'chunk stored' },
    { type: 'Gossip', msg: {}, label: 'gossip' },
  ],
  marks: true,
  tones: [
    { tone: 'ring-member', label: 'member', icon: '◉' },
    { tone: 'ring-spare', label: 'spare', icon: '○' },
    { tone: 'ring-moving', label: 'moving', icon: '⇄' },
  ],
  lines: [
    { style: ROUTE_LINE, label: ROUTE_LINE.label },
    { style: REPLY_LINE, label: REPLY_LINE.label },
    { style: TRANSFER_LINE, label: TRANSFER_LINE.label },
    { style: ACK_LINE, label: ACK_LINE.label },
    { style: GOSSIP_LINE, label: GOSSIP_LINE.label },
  ],
};

/** The partitioned store on a hash ring: what app/protocols/registry.ts lists for the engine's "ring". */
export const ringUi: ProtocolUi<RingView> = {
  name: 'ring',
  title: 'Hash ring',
  summary: 'Partitioning: keys placed on a consistent-hash ring; a node joins or leaves and the keys that move travel in chunks.',
  parseView: asRingView,
  // Five members and one spare (S6) to join; a put or get every 100 ms so the keys change.
  defaultScenario: ({ seed, nodes }) => {
    const n = nodes ?? 6;
    return defaultScenario({
      protocol: 'ring',
      seed,
      nodes: n,
      config: { initialMembers: Math.max(1, n - 1), workloadIntervalMs: 100 },
      untilUs: 3_600_000_000,
    });
  },
  node: {
    look: ringLook,
    Body: RingNodeBody,
    ringTimer: null,
    ringLabel: '',
    laneGlyph: (node) => {
      const view = asRingView(node.view);
      return view && roleOf(view, node.id) === 'moving' ? '⇄' : '';
    },
  },
  messages: ringMessages,
  legend,
  observations: ringObservations,
  interestingText: 'a join or leave, a membership change learnt, or a chunk of keys sent or taken',
  narrator: ringNarrator,
  topics: RING_TOPICS,
  // The ring drawn large beside the cluster; the placement table beside the space-time diagram.
  stage: { id: 'ring', Component: RingPanel },
  panels: [{ id: 'schemes', Component: SchemesPanel }],
  inspector: ringInspector,
  commands: ringCommands,
  lessons: ringLessons,
};
