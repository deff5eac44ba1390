import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InProcessRunner } from '../../runner/inprocess';
import type { RunSummary } from '../../runner/summary';
import { pbftChaosScenario } from './chaos-scenario';

/**
 * Seeded chaotic runs (chaos-scenario.ts): crashes, partitions, cuts and loss, and up to f
 * byzantine replicas; every safety invariant of monitor.ts on every event, liveness after the
 * heal. Seeds come from fast-check and every failure prints its replay.
 *
 *   PBFT_SEEDS=500 npx vitest run engine/protocols/pbft/chaos.test.ts   more seeds
 *   PBFT_SEED=1234 npx vitest run engine/protocols/pbft/chaos.test.ts   replay one seed
 */
const runs = Number(process.env.PBFT_SEEDS ?? 16);
const replay = process.env.PBFT_SEED === undefined ? null : Number(process.env.PBFT_SEED);

function runChaos(seed: number): RunSummary {
  const scenario = pbftChaosScenario(seed);
  return new InProcessRunner(scenario).runUntil(scenario.untilUs).summary();
}

function explain(seed: number, summary: RunSummary): string {
  const v = summary.violations[0]!;
  return `seed ${seed}: ${v.invariant}: ${v.message}\nreplay: PBFT_SEED=${seed} npx vitest run engine/protocols/pbft/chaos.test.ts`;
}

describe('PBFT under a seeded nemesis with up to f byzantine replicas', () => {
  it(replay === null ? `stays safe and live after the heal (${runs} seeds)` : `replays seed ${replay}`, () => {
    if (replay !== null) {
      const summary = runChaos(replay);
      console.log(JSON.stringify({ stats: summary.stats, violations: summary.violations }, null, 2));
      expect(summary.violations, summary.violations.length ? explain(replay, summary) : '').toEqual([]);
      return;
    }
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        const summary = runChaos(seed);
        if (summary.violations.length > 0) throw new Error(explain(seed, summary));
      }),
      { numRuns: runs },
    );
  }, Math.max(180_000, runs * 5_000));
});
