import { defaultScenario } from '../../../engine/scenario/schema';
import type { LegendUi, ProtocolUi } from '../ui';
import { balancerCommands } from './commands';
import { balancerInspector } from './inspector';
import { balancerLessons } from './lessons';
import { BALANCER_LINES, balancerMessages } from './messages';
import { BALANCER_TOPICS, balancerNarrator } from './narrator';
import { BalancerNodeBody, balancerLook } from './node';
import { balancerObservations } from './observations';
import { asBalancerSystemView, type BalancerSystemView } from './view';
import './balancer.css';
import { lazyView } from '../../lib/lazy-view';

// Its panels load on first use (issue 12: a link opens on what the first picture needs).
const BalancerPanel = lazyView(() => import('./BalancerPanel').then((m) => m.BalancerPanel));

const legend: LegendUi = {
  glyphs: [
    { type: 'ClientRequest', msg: {}, label: 'request (client → balancer)' },
    { type: 'ClientResponse', msg: { result: { ok: true } }, label: 'response; ✕ failed' },
    { type: 'Forward', msg: {}, label: 'forward (balancer → server)' },
    { type: 'Reply', msg: { ok: true }, label: 'reply; ✕ shed' },
  ],
  marks: true,
  tones: [
    { tone: 'lb-server', label: 'server', icon: '▤' },
    { tone: 'lb-slow', label: 'slow server', icon: '◷' },
    { tone: 'lb-balancer', label: 'balancer', icon: '⚖' },
    { tone: 'lb-client', label: 'client', icon: '☺' },
  ],
  lines: Object.values(BALANCER_LINES).map((style) => ({ style, label: style.label })),
};

/** The load balancer in the page: what app/protocols/registry.ts lists for the engine's "balancer". */
export const balancerUi: ProtocolUi<BalancerSystemView> = {
  name: 'balancer',
  title: 'Load balancer',
  summary: 'Clients send requests through balancers to servers: round robin, two random choices, peak EWMA and more, side by side on the same servers.',
  parseView: asBalancerSystemView,
  // Four servers, two balancers (round robin and two choices) sharing them, four clients.
  defaultScenario: ({ seed, nodes }) =>
    defaultScenario({
      protocol: 'balancer',
      seed,
      untilUs: 3_600_000_000,
      topology: { groups: [{ kind: 'server', count: nodes ?? 4 }, { kind: 'balancer', count: 2 }, { kind: 'client', count: 4 }] },
      network: { latencyUs: { min: 1000, max: 2000 } },
    }),
  node: {
    look: balancerLook,
    Body: BalancerNodeBody,
    ringTimer: 'service',
    ringLabel: 'request in service',
    laneGlyph: (node) => {
      const v = asBalancerSystemView(node.view);
      return v?.role === 'server' && v.slowFactor > 1 ? '◷' : '';
    },
  },
  messages: balancerMessages,
  legend,
  observations: balancerObservations,
  interestingText: 'a server ejected or readmitted, or made slow',
  narrator: balancerNarrator,
  topics: BALANCER_TOPICS,
  panels: [{ id: 'balancer', Component: BalancerPanel }],
  inspector: balancerInspector,
  commands: balancerCommands,
  lessons: balancerLessons,
};
