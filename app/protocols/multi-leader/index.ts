import { defaultScenario } from '../../../engine/scenario/schema';
import type { LegendUi, ProtocolUi } from '../ui';
import { multiLeaderCommands } from './commands';
import { multiLeaderInspector } from './inspector';
import { multiLeaderLessons } from './lessons';
import { MULTI_LEADER_LINES, multiLeaderMessages } from './messages';
import { MULTI_LEADER_TOPICS, multiLeaderNarrator } from './narrator';
import { MultiLeaderNodeBody, multiLeaderLook } from './node';
import { multiLeaderObservations } from './observations';
import { asMultiLeaderView, type MultiLeaderView } from './view';
import './multi-leader.css';
import { lazyView } from '../../lib/lazy-view';

// Its panels load on first use (issue 12: a link opens on what the first picture needs).
const LeadersPanel = lazyView(() => import('./LeadersPanel').then((m) => m.LeadersPanel));
const LostWritesPanel = lazyView(() => import('./LostWritesPanel').then((m) => m.LostWritesPanel));

const legend: LegendUi = {
  glyphs: [
    { type: 'Replicate', msg: { key: 'k1' }, label: 'replicate one object after a write' },
    { type: 'Sync', msg: {}, label: 'anti-entropy: the whole state' },
  ],
  marks: false,
  tones: [
    { tone: 'ml-agreed', label: 'leader, agrees with the others', icon: '=' },
    { tone: 'ml-diverged', label: 'leader, state differs', icon: '≠' },
  ],
  lines: ['Replicate', 'Sync'].map((t) => ({ style: MULTI_LEADER_LINES[t]!, label: MULTI_LEADER_LINES[t]!.label })),
};

/** Multi-leader replication in the page: what app/protocols/registry.ts lists for the engine's "multi-leader". */
export const multiLeaderUi: ProtocolUi<MultiLeaderView> = {
  name: 'multi-leader',
  title: 'Multi-leader replication',
  summary: 'A leader per datacenter accepts writes and replicates them later: conflicts resolved by last writer wins (skewed clocks lose writes), siblings, or CRDTs.',
  parseView: asMultiLeaderView,
  defaultScenario: ({ seed, nodes }) =>
    defaultScenario({
      protocol: 'multi-leader',
      seed,
      nodes: nodes ?? 3,
      untilUs: 3_600_000_000,
      config: { opIntervalMs: 400, clockSkewMs: [0, -60, 40].slice(0, nodes ?? 3) },
      network: { latencyUs: { min: 40_000, max: 80_000 } },
    }),
  node: {
    look: multiLeaderLook,
    Body: MultiLeaderNodeBody,
    ringTimer: 'anti-entropy',
    ringLabel: 'next anti-entropy round',
    laneGlyph: () => '',
  },
  messages: multiLeaderMessages,
  legend,
  observations: multiLeaderObservations,
  interestingText: 'a lost write, new siblings or a turned clock',
  narrator: multiLeaderNarrator,
  topics: MULTI_LEADER_TOPICS,
  panels: [{ id: 'lost', Component: LostWritesPanel }],
  stage: { id: 'leaders', Component: LeadersPanel },
  inspector: multiLeaderInspector,
  commands: multiLeaderCommands,
  lessons: multiLeaderLessons,
  settings: [
    { key: 'keys', label: 'Keys', kind: 'number', unit: '', min: 1, max: 8 },
    { key: 'opIntervalMs', label: 'Client operation every', kind: 'number', unit: 'ms', min: 10, max: 5000 },
    { key: 'antiEntropyMs', label: 'Anti-entropy every', kind: 'number', unit: 'ms', min: 50, max: 10000 },
  ],
};
