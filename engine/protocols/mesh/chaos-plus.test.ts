import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InProcessRunner } from '../../runner/inprocess';
import type { RunSummary } from '../../runner/summary';
import { meshChaosPlusScenario } from './chaos-plus';

/**
 * Seeded chaotic runs with mTLS (a CA cut off from workloads, modes switched), header routes,
 * mirrors, leaky buckets, time-based breaker windows and deadline propagation (chaos-plus.ts),
 * adaptive throttling drawn per route as in the base runs: every invariant of
 * monitor.ts on every event. Seeds come from fast-check and every failure prints its replay.
 *
 *   MESH_SEEDS=200 npx vitest run engine/protocols/mesh/chaos-plus.test.ts   more seeds
 *   MESH_SEED=1234 npx vitest run engine/protocols/mesh/chaos-plus.test.ts   replay one seed
 */
const runs = Number(process.env.MESH_SEEDS ?? 15);
const replay = process.env.MESH_SEED === undefined ? null : Number(process.env.MESH_SEED);
/**
 * Seeds 1..10 run every time besides the random ones, and the coverage checks below count on
 * them: with 15 random seeds alone, "plaintext in more than half the runs" (70% of seeds) failed
 * about one run in twenty, and "some instance dropped past its deadline" (18% of seeds) as often.
 * Over seeds 1..10 the nemesis reaches: refused 5, plaintext 8, an expired certificate 10, a
 * mirror 9, a deadline drop 3, a throttle rejection 9; random seeds only add to these.
 */
const FIXED_SEEDS = Array.from({ length: 10 }, (_, i) => i + 1);

function runChaos(seed: number): RunSummary {
  const scenario = meshChaosPlusScenario(seed);
  return new InProcessRunner(scenario).runUntil(scenario.untilUs).summary();
}

function explain(seed: number, summary: RunSummary): string {
  const v = summary.violations[0]!;
  return `seed ${seed}: ${v.invariant}: ${v.message}\nreplay: MESH_SEED=${seed} npx vitest run engine/protocols/mesh/chaos-plus.test.ts`;
}

describe('the mesh with mTLS, header routes, mirrors and leaky buckets under a seeded nemesis', () => {
  it(replay === null ? `keeps every invariant (${runs} seeds and ${FIXED_SEEDS.length} fixed ones)` : `replays seed ${replay}`, () => {
    if (replay !== null) {
      const summary = runChaos(replay);
      console.log(JSON.stringify({ stats: summary.stats, violations: summary.violations }, null, 2));
      expect(summary.violations, summary.violations.length ? explain(replay, summary) : '').toEqual([]);
      return;
    }
    const reached = { refused: 0, plaintext: 0, expired: 0, mirrored: 0, dropped: 0, throttled: 0 };
    // fast-check counts examples among numRuns: the fixed seeds come on top of `runs` random ones.
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        const summary = runChaos(seed);
        if (summary.violations.length > 0) throw new Error(explain(seed, summary));
        const mtls = summary.stats.mtls as { refused: number; plaintext: number; expired: number };
        if (mtls.refused > 0) reached.refused++;
        if (mtls.plaintext > 0) reached.plaintext++;
        if (mtls.expired > 0) reached.expired++;
        if (summary.stats.mirror) reached.mirrored++;
        if (((summary.stats.deadlines as { expired: number } | undefined)?.expired ?? 0) > 0) reached.dropped++;
        const routes = summary.stats.routes as Record<string, { rejected: Record<string, number> }>;
        if (Object.values(routes).some((r) => (r.rejected.throttle ?? 0) > 0)) reached.throttled++;
      }),
      { numRuns: runs + FIXED_SEEDS.length, examples: FIXED_SEEDS.map((seed) => [seed] as [number]) },
    );
    // The nemesis reached the states the new invariants are about (see FIXED_SEEDS).
    expect(reached.refused).toBeGreaterThanOrEqual(5);
    expect(reached.plaintext).toBeGreaterThanOrEqual(7);
    expect(reached.expired).toBeGreaterThanOrEqual(9);
    expect(reached.mirrored).toBeGreaterThanOrEqual(8);
    // Instances dropped calls past their deadline, and throttles rejected (the new invariants' states).
    expect(reached.dropped).toBeGreaterThanOrEqual(2);
    expect(reached.throttled).toBeGreaterThanOrEqual(8);
    console.log(`chaos-plus: ${JSON.stringify(reached)} of ${runs} random and ${FIXED_SEEDS.length} fixed runs`);
  }, 60_000);
});
