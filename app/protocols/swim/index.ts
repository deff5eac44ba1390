import { defaultScenario } from '../../../engine/scenario/schema';
import { swimLessons } from './lessons';
import type { LegendUi, ProtocolUi } from '../ui';
import { swimCommands } from './commands';
import { swimInspector } from './inspector';
import { SWIM_LINES, swimMessages } from './messages';
import { SWIM_TOPICS, swimNarrator } from './narrator';
import { SwimNodeBody, swimLook } from './node';
import { swimObservations } from './observations';
import { asSwimView, type SwimView } from './view';
import './swim.css';
import { lazyView } from '../../lib/lazy-view';

// Its panels load on first use (issue 12: a link opens on what the first picture needs).
const MembershipMatrix = lazyView(() => import('./MembershipMatrix').then((m) => m.MembershipMatrix));

const legend: LegendUi = {
  glyphs: [
    { type: 'Ping', msg: {}, label: 'ping (probe)' },
    { type: 'Ack', msg: {}, label: 'ack' },
    { type: 'PingReq', msg: {}, label: 'ping-req (indirect probe)' },
    { type: 'Gossip', msg: { updates: [{}, {}] }, label: 'gossip; number: rumours' },
  ],
  marks: false,
  tones: [
    { tone: 'swim-alive', label: 'alive to most', icon: '✓' },
    { tone: 'swim-suspect', label: 'suspected by most', icon: '?' },
    { tone: 'swim-dead', label: 'held dead by most', icon: '✕' },
    { tone: 'swim-left', label: 'left the group', icon: '↩' },
  ],
  // The busiest four; nacks and push-pulls are named in the inspector and on hover.
  lines: [SWIM_LINES.Ping!, SWIM_LINES.Ack!, SWIM_LINES.PingReq!, SWIM_LINES.Gossip!].map((style) => ({ style, label: style.label })),
};

/** SWIM in the page: what app/protocols/registry.ts lists for the engine's "swim". */
export const swimUi: ProtocolUi<SwimView> = {
  name: 'swim',
  title: 'SWIM membership',
  summary: 'Membership by gossip: members probe each other, suspect the silent, and spread rumours piggybacked on their pings.',
  parseView: asSwimView,
  // Eight members with memberlist's defaults (probe every second, suspicion 4 s at least).
  defaultScenario: ({ seed, nodes }) =>
    defaultScenario({ protocol: 'swim', seed, nodes: nodes ?? 8, workload: { kind: 'none' }, untilUs: 3_600_000_000 }),
  node: {
    look: swimLook,
    Body: SwimNodeBody,
    ringTimer: 'probe',
    ringLabel: 'next probe',
    laneGlyph: (node) => {
      const view = asSwimView(node.view);
      return view && view.suspicions.length > 0 ? '?' : '';
    },
  },
  messages: swimMessages,
  legend,
  observations: swimObservations,
  interestingText: 'a suspicion, a death, a refutation or a leave',
  narrator: swimNarrator,
  topics: SWIM_TOPICS,
  panels: [{ id: 'membership', Component: MembershipMatrix }],
  inspector: swimInspector,
  commands: swimCommands,
  lessons: swimLessons,
};

