import { defaultScenario } from '../../../engine/scenario/schema';
import type { LegendUi, ProtocolUi } from '../ui';
import { twoPcCommands } from './commands';
import { twoPcInspector } from './inspector';
import { twoPcLessons } from './lessons';
import { TWO_PC_LINES, twoPcMessages } from './messages';
import { TWO_PC_TOPICS, twoPcNarrator } from './narrator';
import { TwoPcNodeBody, twoPcLook } from './node';
import { twoPcObservations } from './observations';
import { asTwoPcView, type TwoPcView } from './view';
import './twopc.css';
import { lazyView } from '../../lib/lazy-view';

// Its panels load on first use (issue 12: a link opens on what the first picture needs).
const TransactionsPanel = lazyView(() => import('./TransactionsPanel').then((m) => m.TransactionsPanel));

const legend: LegendUi = {
  glyphs: [
    { type: 'Prepare', msg: {}, label: 'prepare (phase 1)' },
    { type: 'Vote', msg: { yes: true }, label: 'vote yes / no' },
    { type: 'Commit', msg: {}, label: 'commit (phase 2)' },
    { type: 'Abort', msg: {}, label: 'abort (phase 2)' },
    { type: 'Query', msg: {}, label: 'in doubt: what was decided?' },
  ],
  marks: true,
  tones: [
    { tone: 'tpc-coordinator', label: 'coordinator', icon: '◆' },
    { tone: 'tpc-ready', label: 'participant', icon: '✓' },
    { tone: 'tpc-doubt', label: 'in doubt: voted yes, holds its locks', icon: '?' },
  ],
  lines: ['Prepare', 'Vote', 'Commit', 'Abort', 'Query'].map((t) => ({ style: TWO_PC_LINES[t]!, label: TWO_PC_LINES[t]!.label })),
};

/** Two-phase commit in the page: what app/protocols/registry.ts lists for the engine's "2pc". */
export const twoPcUi: ProtocolUi<TwoPcView> = {
  name: '2pc',
  title: 'Two-phase commit',
  summary: 'Atomic commit across participants: a coordinator asks each to prepare, commits only if all vote yes, and blocks them while it is down.',
  parseView: asTwoPcView,
  defaultScenario: ({ seed, nodes }) =>
    defaultScenario({
      protocol: '2pc',
      seed,
      untilUs: 3_600_000_000,
      topology: { groups: [{ kind: 'participant', count: nodes ?? 3 }, { kind: 'coordinator', count: 1 }] },
    }),
  node: {
    look: twoPcLook,
    Body: TwoPcNodeBody,
    ringTimer: 'in doubt',
    ringLabel: 'next query while in doubt',
    laneGlyph: (node) => {
      const view = asTwoPcView(node.view);
      return view?.role === 'coordinator' ? '◆' : view?.role === 'participant' && view.prepared.length > 0 ? '?' : '';
    },
  },
  messages: twoPcMessages,
  legend,
  observations: twoPcObservations,
  interestingText: 'a decision or a recovery',
  narrator: twoPcNarrator,
  topics: TWO_PC_TOPICS,
  panels: [{ id: 'transactions', Component: TransactionsPanel }],
  inspector: twoPcInspector,
  commands: twoPcCommands,
  lessons: twoPcLessons,
};
