import { fromMs, type Micros } from '../kernel/time';
import { InProcessRunner } from '../runner/inprocess';
import * as v from 'valibot';
import type { NodeView } from '../kernel/protocol';
import { experimentVocabulary } from '../protocols/registry';
import type { StepKind, TrialControl } from './contract';
import { measureInfo } from './measures';
import { trialScenario, type ExperimentSpec } from './spec';
import { stepTime } from './step-timing';

/** What one run (one variant, one seed) reports back: plain data, safe to post between threads. */
export interface TrialResult {
  variantIndex: number;
  variant: string;
  seed: number;
  /** One per `spec.measures`, in order; null when the run never got there. */
  values: (number | null)[];
  traceHash: string;
  events: number;
  /** Virtual time the run ended at (early once every measure had its value). */
  endMs: number;
  /** The node each step acted on (crashed, restarted), and when (null: it found none before the run's end). */
  crashed: ({ node: number; atMs: number } | null)[];
  /** Safety violations, and liveness ones when the scenario has a heal time: "invariant: message". */
  violations: string[];
}

/** Virtual time between checks of "has every measure its value?". */
const CHUNK_US: Micros = 10_000;

/** What a step does: a generic one (crash or restart a node) or its protocol's (through the registry). */
function stepKind(kind: string): StepKind {
  const dot = kind.indexOf('.');
  if (dot < 0) {
    const liveness = kind as 'crash' | 'restart';
    return {
      schema: v.unknown(),
      explain: `${liveness} a node`,
      run: (step, control) => ({ node: step.node as number, atUs: control.act({ kind: liveness, node: step.node as number }) }),
    };
  }
  const step = experimentVocabulary(kind.slice(0, dot))?.steps[kind.slice(dot + 1)];
  if (!step) throw new RangeError(`no step "${kind}"`);
  return step;
}

/**
 * Runs one variant of the experiment with one seed in this thread, start to finish. Pure: the
 * same spec, variant and seed give the same result, in any thread, in any order.
 */
export function runTrial(spec: ExperimentSpec, variantIndex: number, seed: number): TrialResult {
  const scenario = trialScenario(spec, variantIndex, seed);
  const measures = spec.measures.map((name) => measureInfo(name).create());
  const runner = new InProcessRunner(scenario, {
    sink: measures.length === 0 ? undefined : (e) => {
      for (const m of measures) m.push(e);
    },
  });
  let until = scenario.untilUs;
  const stopped = () => runner.violation !== null || runner.now >= until;
  const control: TrialControl = {
    now: () => runner.now,
    runUntil: (at) => runner.runUntil(at),
    act: (action) => runner.act(action).at,
    views: () => runner.views().map(({ id, up, view }) => ({ id, up, view: (view as NodeView | null | undefined) ?? null })),
    stopped,
    untilUs: () => until,
    endBy: (at) => {
      until = Math.min(until, at);
    },
  };

  const steps = spec.steps.map((step, i) => ({ step, at: stepTime(step, i, scenario) })).sort((a, b) => a.at - b.at);
  const crashed: TrialResult['crashed'] = spec.steps.map(() => null);
  for (const { step, at } of steps) {
    if (at >= until) break;
    runner.runUntil(at);
    if (runner.violation) break;
    const acted = stepKind(step.kind).run(step, control, at - fromMs(step.atMs));
    if (!acted) continue;
    crashed[spec.steps.indexOf(step)] = { node: acted.node, atMs: acted.atUs / 1000 };
    if (step.limitMs !== null) control.endBy(acted.atUs + fromMs(step.limitMs));
  }

  // A chaotic run goes to its end: liveness is judged after the nemesis heals.
  const early = spec.stopWhenMeasured && measures.length > 0 && !spec.chaos;
  if (!early) runner.runUntil(until);
  while (early && !stopped() && !measures.every((m) => m.done)) {
    runner.runUntil(Math.min(until, runner.now + CHUNK_US));
  }
  const summary = runner.summary();
  return {
    variantIndex,
    variant: spec.variants[variantIndex]!.name,
    seed,
    values: measures.map((m) => m.value()),
    traceHash: summary.traceHash,
    events: summary.events,
    endMs: runner.now / 1000,
    crashed,
    violations: summary.violations.map((v) => `${v.invariant}: ${v.message}`),
  };
}
