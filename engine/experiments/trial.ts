import { fromMs, type Micros } from '../kernel/time';
import { InProcessRunner } from '../runner/inprocess';
import { MEASURES } from './measures';
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
  /** The node each `crashLeader` step crashed, and when (null: no leader before the run's end). */
  crashed: ({ node: number; atMs: number } | null)[];
  /** Safety violations, and liveness ones when the scenario has a heal time: "invariant: message". */
  violations: string[];
}

/** Virtual time between checks of "has every measure its value?". */
const CHUNK_US: Micros = 10_000;
/** While no node leads, a crashLeader step looks again this much later. */
const LEADER_POLL_US: Micros = 1_000;

/** The running node that leads the highest term, from the protocol's views (Raft's `role`). */
export function currentLeader(runner: InProcessRunner): number | null {
  let best: { id: number; term: number } | null = null;
  for (const { id, up, view } of runner.views()) {
    const v = view?.protocol as { role?: unknown; term?: unknown } | null | undefined;
    if (!up || !v || v.role !== 'leader') continue;
    const term = typeof v.term === 'number' ? v.term : 0;
    if (!best || term > best.term) best = { id, term };
  }
  return best?.id ?? null;
}

/**
 * Runs one variant of the experiment with one seed in this thread, start to finish. Pure: the
 * same spec, variant and seed give the same result, in any thread, in any order.
 */
export function runTrial(spec: ExperimentSpec, variantIndex: number, seed: number): TrialResult {
  const scenario = trialScenario(spec, variantIndex, seed);
  const measures = spec.measures.map((name) => MEASURES[name].create());
  const runner = new InProcessRunner(scenario, {
    sink: measures.length === 0 ? undefined : (e) => {
      for (const m of measures) m.push(e);
    },
  });
  let until = scenario.untilUs;
  const stopped = () => runner.violation !== null || runner.now >= until;

  const steps = spec.steps.map((step, i) => ({ step, at: stepTime(step, i, scenario) })).sort((a, b) => a.at - b.at);
  const crashed: TrialResult['crashed'] = spec.steps.map(() => null);
  for (const { step, at } of steps) {
    if (at >= until) break;
    runner.runUntil(at);
    if (runner.violation) break;
    switch (step.kind) {
      case 'crashLeader': {
        const offset = at - fromMs(step.atMs);
        let leader = currentLeader(runner);
        while (leader === null && !stopped()) {
          // Nobody leads yet (a slow first election): wait for a leader, then the same offset.
          while (leader === null && !stopped()) {
            runner.runUntil(Math.min(until, runner.now + LEADER_POLL_US));
            leader = currentLeader(runner);
          }
          if (leader === null || offset === 0) break;
          runner.runUntil(Math.min(until, runner.now + offset));
          leader = stopped() ? null : currentLeader(runner);
        }
        if (leader === null || stopped()) break;
        const acted = runner.act({ kind: 'crash', node: leader });
        crashed[spec.steps.indexOf(step)] = { node: leader, atMs: acted.at / 1000 };
        if (step.limitMs !== null) until = Math.min(until, acted.at + fromMs(step.limitMs));
        break;
      }
    }
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
