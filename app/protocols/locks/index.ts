import { defaultScenario } from '../../../engine/scenario/schema';
import type { LegendUi, ProtocolUi } from '../ui';
import { locksCommands } from './commands';
import { locksInspector } from './inspector';
import { locksLessons } from './lessons';
import { LOCKS_LINES, locksMessages } from './messages';
import { LOCKS_TOPICS, locksNarrator } from './narrator';
import { LocksNodeBody, locksLook } from './node';
import { locksObservations } from './observations';
import { locksSettings } from './settings';
import { asLocksView, type LocksView } from './view';
import './locks.css';
import { lazyView } from '../../lib/lazy-view';

// Its panels load on first use (issue 12: a link opens on what the first picture needs).
const LocksPanel = lazyView(() => import('./LocksPanel').then((m) => m.LocksPanel));

const legend: LegendUi = {
  glyphs: [
    { type: 'Acquire', msg: {}, label: 'acquire (a lease)' },
    { type: 'Grant', msg: { token: 1 }, label: 'grant with its token' },
    { type: 'Refuse', msg: {}, label: 'refused: held by another' },
    { type: 'Write', msg: { token: 1 }, label: 'write with the token' },
    { type: 'WriteRefused', msg: {}, label: 'write refused (stale token)' },
  ],
  marks: true,
  tones: [
    { tone: 'lk-granted', label: 'lock server with a lease out', icon: '◇' },
    { tone: 'lk-holder', label: 'client holding the lock', icon: '◆' },
    { tone: 'lk-leader', label: 'leader of the lock group', icon: '★' },
  ],
  lines: ['Acquire', 'Grant', 'Refuse', 'Write', 'WriteRefused', 'Replicate'].map((t) => ({ style: LOCKS_LINES[t]!, label: LOCKS_LINES[t]!.label })),
};

/** Distributed locks in the page: what app/protocols/registry.ts lists for the engine's "locks". */
export const locksUi: ProtocolUi<LocksView> = {
  name: 'locks',
  title: 'Distributed locks',
  summary: 'Leases from a majority of lock servers (Redlock) or a consensus group, a paused holder that wakes with an expired lock, and the fencing tokens that stop its write.',
  parseView: asLocksView,
  defaultScenario: ({ seed, nodes }) =>
    defaultScenario({
      protocol: 'locks',
      seed,
      untilUs: 3_600_000_000,
      topology: {
        groups: [
          { kind: 'server', count: nodes ?? 3 },
          { kind: 'client', count: 2 },
          { kind: 'storage', count: 1 },
        ],
      },
      network: { latencyUs: { min: 5_000, max: 15_000 } },
      config: { fencing: true },
    }),
  node: {
    look: locksLook,
    Body: LocksNodeBody,
    ringTimer: 'work',
    ringLabel: 'work before the next write',
    laneGlyph: (node) => {
      const view = asLocksView(node.view);
      return view?.role === 'leader' ? '★' : view?.role === 'client' && view.phase === 'holding' ? '◆' : '';
    },
  },
  messages: locksMessages,
  legend,
  observations: locksObservations,
  interestingText: 'a client taking the lock, a refused write or a new leader',
  narrator: locksNarrator,
  topics: LOCKS_TOPICS,
  panels: [{ id: 'lock', Component: LocksPanel }],
  inspector: locksInspector,
  commands: locksCommands,
  lessons: locksLessons,
  settings: locksSettings,
};
