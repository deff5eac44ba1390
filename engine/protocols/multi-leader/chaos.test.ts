import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InProcessRunner } from '../../runner/inprocess';
import type { RunSummary } from '../../runner/summary';
import { multiLeaderChaosScenario } from './chaos-scenario';

/**
 * Seeded chaotic runs (chaos-scenario.ts): the counter bound on every event, and after the heal
 * and the quiet: convergence, the counter equal to the acknowledged increments, the add-wins set
 * holding exactly what it must. Seeds come from fast-check; every failure prints its replay.
 *
 *   ML_SEEDS=1000 npx vitest run engine/protocols/multi-leader/chaos.test.ts   more seeds
 *   ML_SEED=1234 npx vitest run engine/protocols/multi-leader/chaos.test.ts    replay one seed
 */
const runs = Number(process.env.ML_SEEDS ?? 40);
const replay = process.env.ML_SEED === undefined ? null : Number(process.env.ML_SEED);

function runChaos(seed: number): RunSummary {
  const scenario = multiLeaderChaosScenario(seed);
  return new InProcessRunner(scenario).runUntil(scenario.untilUs).summary();
}

function explain(seed: number, summary: RunSummary): string {
  const v = summary.violations[0]!;
  return `seed ${seed}: ${v.invariant}: ${v.message}\nreplay: ML_SEED=${seed} npx vitest run engine/protocols/multi-leader/chaos.test.ts`;
}

describe('multi-leader replication under a seeded nemesis', () => {
  it(replay === null ? `stays within its invariants and converges after the heal (${runs} seeds)` : `replays seed ${replay}`, () => {
    if (replay !== null) {
      const summary = runChaos(replay);
      console.log(JSON.stringify({ stats: summary.stats, violations: summary.violations }, null, 2));
      expect(summary.violations, summary.violations.length ? explain(replay, summary) : '').toEqual([]);
      return;
    }
    const held = new Map<string, number>();
    let lost = 0;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        const summary = runChaos(seed);
        if (summary.violations.length > 0) throw new Error(explain(seed, summary));
        if (summary.stats.convergenceJudged !== true) throw new Error(`seed ${seed}: the run ended before convergence could be judged`);
        lost += Number(summary.stats.lwwLostWrites);
        for (const s of summary.sometimes ?? []) if (s.held) held.set(s.property, (held.get(s.property) ?? 0) + 1);
      }),
      { numRuns: runs },
    );
    // Coverage: the nemesis and the skews did make conflicts for the strategies to resolve.
    expect(lost).toBeGreaterThan(runs);
    for (const property of ['last writer wins loses an acknowledged write', 'a key holds siblings', 'a client write resolves siblings']) {
      expect(held.get(property) ?? 0, property).toBeGreaterThan(runs / 3);
    }
  }, 60_000);
});
