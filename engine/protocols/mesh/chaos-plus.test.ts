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

function runChaos(seed: number): RunSummary {
  const scenario = meshChaosPlusScenario(seed);
  return new InProcessRunner(scenario).runUntil(scenario.untilUs).summary();
}

function explain(seed: number, summary: RunSummary): string {
  const v = summary.violations[0]!;
  return `seed ${seed}: ${v.invariant}: ${v.message}\nreplay: MESH_SEED=${seed} npx vitest run engine/protocols/mesh/chaos-plus.test.ts`;
}

describe('the mesh with mTLS, header routes, mirrors and leaky buckets under a seeded nemesis', () => {
  it(replay === null ? `keeps every invariant (${runs} seeds)` : `replays seed ${replay}`, () => {
    if (replay !== null) {
      const summary = runChaos(replay);
      console.log(JSON.stringify({ stats: summary.stats, violations: summary.violations }, null, 2));
      expect(summary.violations, summary.violations.length ? explain(replay, summary) : '').toEqual([]);
      return;
    }
    const reached = { refused: 0, plaintext: 0, expired: 0, mirrored: 0, dropped: 0, throttled: 0 };
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
      { numRuns: runs },
    );
    // The nemesis reached the states the new invariants are about.
    expect(reached.refused).toBeGreaterThan(runs / 2);
    expect(reached.plaintext).toBeGreaterThan(runs / 2);
    expect(reached.expired).toBeGreaterThan(0);
    expect(reached.mirrored).toBeGreaterThan(runs / 4);
    // Instances dropped calls past their deadline, and throttles rejected (the new invariants' states).
    expect(reached.dropped).toBeGreaterThan(0);
    expect(reached.throttled).toBeGreaterThan(runs / 5);
    console.log(`chaos-plus: ${JSON.stringify(reached)} of ${runs} runs`);
  }, 60_000);
});
