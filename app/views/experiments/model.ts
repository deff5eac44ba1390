import { builtinExperiment, builtinExperimentLabels, type BuiltinExperimentName } from '../../../engine/experiments/builtins';
import type { ScenarioExperiment } from '../../../engine/experiments/contract';
import { parseExperiment, withSeeds, type ExperimentSpec } from '../../../engine/experiments/spec';
import { experimentVocabulary } from '../../../engine/protocols/registry';
import type { CdfPoint } from '../../../engine/experiments/stats';
import type { Scenario } from '../../../engine/scenario/schema';

/**
 * What the panel can run: a built-in experiment of the running system (by name; each protocol
 * lists its own, engine/protocols/NAME/experiments.ts), or `'scenario'`, the page's own
 * scenario over many seeds, measured as its protocol offers (or by the generic measures).
 */
export const SCENARIO_CHOICE = 'scenario';
export type ExperimentChoice = BuiltinExperimentName | typeof SCENARIO_CHOICE;
/** For "this scenario": what to measure, by `ScenarioExperiment.id`. */
export type ScenarioMeasure = string;

/** The running system's built-in experiments, in the registry's order (a new one shows up here by itself), then this scenario. */
export function choicesFor(protocol: string): { value: ExperimentChoice; label: string }[] {
  return [...builtinExperimentLabels(protocol).map(({ name, label }) => ({ value: name, label })), { value: SCENARIO_CHOICE, label: 'This scenario, over many seeds' }];
}

/** What any protocol's scenario can be measured by: generic measures over every trace. */
const GENERIC_SCENARIO_MEASURES: ScenarioExperiment[] = [
  {
    id: 'messagesPerOperation',
    label: 'Messages sent per client operation',
    title: 'This scenario: messages sent per client operation',
    steps: [],
    measures: ['messagesPerOperation'],
    untilMs: 10_000,
  },
];

/** What "this scenario" can measure for a protocol: its own offers first, then the generic ones. */
export function scenarioMeasuresFor(protocol: string): ScenarioExperiment[] {
  return [...(experimentVocabulary(protocol)?.scenario ?? []), ...GENERIC_SCENARIO_MEASURES];
}

export const MIN_SEEDS = 1;
export const MAX_SEEDS_IN_PAGE = 2000;

export function clampSeeds(n: number): number {
  if (!Number.isFinite(n)) return 100;
  return Math.min(MAX_SEEDS_IN_PAGE, Math.max(MIN_SEEDS, Math.round(n)));
}

/** The experiment to run for a choice; seeds are 1..count. Throws an ExperimentError on bad input. */
export function buildSpec(choice: ExperimentChoice, seeds: number, scenario: Scenario | null, measure: ScenarioMeasure): ExperimentSpec {
  const count = clampSeeds(seeds);
  if (choice !== SCENARIO_CHOICE) return withSeeds(builtinExperiment(choice), 1, count);
  if (!scenario) throw new Error('no scenario is loaded');
  const offers = scenarioMeasuresFor(scenario.protocol.name);
  const what = offers.find((m) => m.id === measure) ?? offers[0]!;
  return parseExperiment({
    experiment: 2,
    name: 'this-scenario',
    title: what.title,
    description: 'The scenario as it runs in the page (settings and every action so far), once per seed.',
    // The page's scenario has no end of its own: give each run room, and stop once measured.
    scenario: { ...scenario, seed: 0, untilUs: what.untilMs * 1000, healedAtUs: null },
    seeds: { from: 1, to: count },
    variants: [{ name: 'this scenario' }],
    steps: what.steps,
    measures: what.measures,
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
export function formatValue(x: number | null, unit: string): string {
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
