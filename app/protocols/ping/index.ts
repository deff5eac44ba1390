import { defaultScenario } from '../../../engine/scenario/schema';
import type { LegendUi, ProtocolUi } from '../ui';
import { pingCommands } from './commands';
import { pingInspector } from './inspector';
import { pingLessons } from './lessons';
import { PING_LINE, PONG_LINE, pingMessages } from './messages';
import { PING_TOPICS, pingNarrator } from './narrator';
import { pingLook, PingNodeBody } from './node';
import { pingObservations } from './observations';
import { asPingView, hearing, type PingView } from './view';
import './ping.css';
import { lazyView } from '../../lib/lazy-view';

// Its panels load on first use (issue 12: a link opens on what the first picture needs).
const HearingTable = lazyView(() => import('./HearingTable').then((m) => m.HearingTable));

const legend: LegendUi = {
  glyphs: [
    { type: 'Ping', msg: {}, label: 'ping' },
    { type: 'Pong', msg: {}, label: 'pong (its answer)' },
  ],
  marks: false,
  tones: [
    { tone: 'alive', label: 'hears everyone', icon: '♥' },
    { tone: 'suspecting', label: 'suspects a peer', icon: '⚠' },
  ],
  lines: [
    { style: PING_LINE, label: 'Ping' },
    { style: PONG_LINE, label: 'Pong' },
  ],
};

/** The heartbeat mesh in the page: what app/protocols/registry.ts lists for the engine's "ping". */
export const pingUi: ProtocolUi<PingView> = {
  name: 'ping',
  title: 'Heartbeats',
  summary: 'Failure detection: every node pings every other and suspects a peer that falls silent.',
  parseView: asPingView,
  // A few nodes with the ping protocol's defaults (ping every 100 ms, suspect after 400 ms).
  defaultScenario: ({ seed, nodes }) =>
    defaultScenario({ protocol: 'ping', seed, nodes: nodes ?? 5, workload: { kind: 'none' }, untilUs: 3_600_000_000 }),
  node: {
    look: pingLook,
    Body: PingNodeBody,
    ringTimer: 'ping',
    ringLabel: 'next ping round',
    laneGlyph: (node) => {
      const view = asPingView(node.view);
      return view && hearing(view, node.id).suspects.length > 0 ? '⚠' : '';
    },
  },
  messages: pingMessages,
  legend,
  observations: pingObservations,
  interestingText: 'a suspicion, or a peer trusted again',
  narrator: pingNarrator,
  topics: PING_TOPICS,
  panels: [{ id: 'hearing', Component: HearingTable }],
  inspector: pingInspector,
  commands: pingCommands,
  lessons: pingLessons,
};
