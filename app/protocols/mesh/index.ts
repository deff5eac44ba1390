import { defaultScenario } from '../../../engine/scenario/schema';
import type { LegendUi, ProtocolUi } from '../ui';
import { meshCommands } from './commands';
import { meshInspector } from './inspector';
import { meshLessons } from './lessons';
import { MESH_LINES, meshMessages } from './messages';
import { MESH_TOPICS, meshNarrator } from './narrator';
import { MeshNodeBody, meshLook } from './node';
import { meshObservations } from './observations';
import { asMeshView, type MeshView } from './view';
import './mesh.css';
import { lazyView } from '../../lib/lazy-view';

// Its panels load on first use (issue 12: a link opens on what the first picture needs).
const MeshPanels = lazyView(() => import('./MeshPanels').then((m) => m.MeshPanels));

const legend: LegendUi = {
  glyphs: [
    { type: 'Call', msg: {}, label: 'call (number: retry attempt; P: half-open probe)' },
    { type: 'Reply', msg: { status: 'ok' }, label: 'reply' },
    { type: 'Heartbeat', msg: {}, label: 'heartbeat (lease)' },
    { type: 'Endpoints', msg: { instances: [1, 2] }, label: 'registry update; number: instances' },
  ],
  marks: true,
  tones: [
    { tone: 'mesh-ok', label: 'healthy', icon: '✓' },
    { tone: 'mesh-slow', label: 'slow or queueing', icon: '⏳' },
    { tone: 'mesh-failing', label: 'failing', icon: '✕' },
    { tone: 'mesh-open', label: 'its breaker is open', icon: '⚡' },
  ],
  lines: [MESH_LINES.Call!, MESH_LINES.Reply!, MESH_LINES.Heartbeat!, MESH_LINES.Endpoints!].map((style) => ({ style, label: style.label })),
};

/** The service mesh in the page: what app/protocols/registry.ts lists for the engine's "mesh". */
export const meshUi: ProtocolUi<MeshView> = {
  name: 'mesh',
  title: 'Service mesh',
  summary: 'Services calling services through sidecars: a registry with leases, circuit breakers, retries, bulkheads and rate limits.',
  parseView: asMeshView,
  // A small mesh at 20 requests per second, one breaker on checkout to payments.
  defaultScenario: ({ seed }) =>
    defaultScenario({
      protocol: 'mesh',
      seed,
      untilUs: 3_600_000_000,
      topology: { groups: [{ kind: 'frontend', count: 1 }, { kind: 'checkout', count: 2 }, { kind: 'payments', count: 2 }, { kind: 'client', count: 1 }, { kind: 'registry', count: 1 }] },
      network: { latencyUs: { min: 1000, max: 2000 } },
      workload: { kind: 'none' },
      config: { clientRps: 20, policy: { timeoutMs: 300 }, routes: { 'checkout>payments': { timeoutMs: 300, breaker: { slidingWindowSize: 20, minimumNumberOfCalls: 10, waitDurationInOpenStateMs: 3000, permittedNumberOfCallsInHalfOpenState: 3 } } } },
    }),
  node: {
    look: meshLook,
    Body: MeshNodeBody,
    ringTimer: null,
    ringLabel: '',
    laneGlyph: (node) => (asMeshView(node.view)?.route?.breaker?.state === 'open' ? '⚡' : ''),
  },
  messages: meshMessages,
  legend,
  observations: meshObservations,
  interestingText: 'a breaker changing state or an expired lease',
  narrator: meshNarrator,
  topics: MESH_TOPICS,
  panels: [{ id: 'service-graph', Component: MeshPanels }],
  inspector: meshInspector,
  commands: meshCommands,
  lessons: meshLessons,
};
