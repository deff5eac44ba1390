import { builtinExperiment, builtinExperimentLabels, type BuiltinExperimentName } from '../../../engine/experiments/builtins';
import { parseExperiment, withSeeds, type ExperimentSpec } from '../../../engine/experiments/spec';
import type { CdfPoint } from '../../../engine/experiments/stats';
import type { Scenario } from '../../../engine/scenario/schema';

/**
 * What the panel can run: a built-in experiment (by name, see engine/experiments/builtins.ts),
 * or `'scenario'`, the page's own scenario over many seeds.
 */
export const SCENARIO_CHOICE = 'scenario';
export type ExperimentChoice = BuiltinExperimentName | typeof SCENARIO_CHOICE;
/** For "this scenario": what to measure. */
export type ScenarioMeasure = 'recovery' | 'firstLeader';

/** Every built-in experiment, in the registry's order (a new one shows up here by itself), then this scenario. */
export const CHOICES: { value: ExperimentChoice; label: string }[] = [
  ...builtinExperimentLabels().map(({ name, label }) => ({ value: name, label })),
  { value: SCENARIO_CHOICE, label: 'This scenario, over many seeds' },
];

export const SCENARIO_MEASURES: { value: ScenarioMeasure; label: string }[] = [
  { value: 'recovery', label: 'Time to a new leader after the leader crashes at 1 s' },
  { value: 'firstLeader', label: 'Time to the first leader' },
];

export const MIN_SEEDS = 1;
export const MAX_SEEDS_IN_PAGE = 2000;
/** How long a run of "this scenario" may wait for its measure (after the crash, for recovery). */
const SCENARIO_LIMIT_MS = 60_000;

export function clampSeeds(n: number): number {
  if (!Number.isFinite(n)) return 100;
  return Math.min(MAX_SEEDS_IN_PAGE, Math.max(MIN_SEEDS, Math.round(n)));
}

/** The experiment to run for a choice; seeds are 1..count. Throws an ExperimentError on bad input. */
export function buildSpec(choice: ExperimentChoice, seeds: number, scenario: Scenario | null, measure: ScenarioMeasure): ExperimentSpec {
  const count = clampSeeds(seeds);
  if (choice !== SCENARIO_CHOICE) return withSeeds(builtinExperiment(choice), 1, count);
  if (!scenario) throw new Error('no scenario is loaded');
  const recovery = measure === 'recovery';
  return parseExperiment({
    experiment: 1,
    name: 'this-scenario',
    title: recovery ? 'This scenario: time to a new leader after the leader crashes' : 'This scenario: time to the first leader',
    description: 'The scenario as it runs in the page (settings and every action so far), once per seed.',
    // The page's scenario has no end of its own: give each run room, and stop once measured.
    scenario: { ...scenario, seed: 0, untilUs: (recovery ? 2 * SCENARIO_LIMIT_MS + 1000 : SCENARIO_LIMIT_MS) * 1000, healedAtUs: null },
    seeds: { from: 1, to: count },
    variants: [{ name: 'this scenario' }],
    steps: recovery ? [{ kind: 'crashLeader', atMs: 1000, jitterMs: 50, limitMs: SCENARIO_LIMIT_MS }] : [],
    measures: recovery ? ['leaderRecoveryMs', 'electionsPerRecovery'] : ['firstLeaderMs'],
  });
}

/**
 * Line styles: colour (Okabe-Ito, safe for colour-blind viewers) AND dash pattern AND a direct
 * label, so no line is told apart by colour alone, even on a washed-out projector.
 */
export const LINE_STYLES: { color: string; dash: string }[] = [
  { color: '#161616', dash: '' },
  { color: '#d55e00', dash: '14 6' },
  { color: '#0072b2', dash: '3 5' },
  { color: '#009e73', dash: '16 5 3 5' },
  { color: '#cc79a7', dash: '8 4' },
  { color: '#e69f00', dash: '2 4 2 4 10 4' },
  { color: '#56b4e9', dash: '20 4' },
];
export const lineStyle = (i: number) => LINE_STYLES[i % LINE_STYLES.length]!;

/** "287 ms", "1.5 s", "12 s"; counts as plain numbers; null as "—". */
export function formatValue(x: number | null, unit: 'ms' | 'elections'): string {
  if (x === null) return '—';
  if (unit !== 'ms') return Number.isInteger(x) ? String(x) : x.toFixed(1);
  if (x >= 10_000) return `${(x / 1000).toFixed(1).replace(/\.0$/, '')} s`;
  if (x >= 1000) return `${(x / 1000).toFixed(2)} s`;
  return `${Math.round(x)} ms`;
}

/**
 * Where each line's label goes: the point where its curve reaches a height of its own, spread
 * from low to high so labels never sit on top of each other (lines that never get that high
 * are labelled at their last step).
 */
export function labelAnchors(cdfs: readonly CdfPoint[][]): ({ x: number; p: number } | null)[] {
  const n = cdfs.length;
  return cdfs.map((cdf, i) => {
    if (cdf.length === 0) return null;
    const target = n === 1 ? 0.5 : 0.12 + (0.72 * (n - 1 - i)) / (n - 1);
    const hit = cdf.find((pt) => pt.p >= target);
    if (hit) return { x: hit.x, p: target };
    const last = cdf[cdf.length - 1]!;
    return { x: last.x, p: last.p };
  });
}

/** A file name for a download: `figure16-runs.csv`. */
export function csvFileName(spec: ExperimentSpec, what: 'runs' | 'summary'): string {
  return `${spec.name}-${spec.seeds.from}-${spec.seeds.to}-${what}.csv`;
}
