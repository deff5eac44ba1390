import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InProcessRunner } from '../../runner/inprocess';
import type { RunSummary } from '../../runner/summary';
import { meshChaosScenario } from './chaos-scenario';

/**
 * Seeded chaotic runs (chaos-scenario.ts): every invariant of monitor.ts on every event, with
 * every policy drawn per route. Seeds come from fast-check and every failure prints its replay.
 *
 *   MESH_SEEDS=500 npx vitest run engine/protocols/mesh/chaos.test.ts   more seeds
 *   MESH_SEED=1234 npx vitest run engine/protocols/mesh/chaos.test.ts   replay one seed
 */
const runs = Number(process.env.MESH_SEEDS ?? 30);
const replay = process.env.MESH_SEED === undefined ? null : Number(process.env.MESH_SEED);

function runChaos(seed: number): RunSummary {
  const scenario = meshChaosScenario(seed);
  return new InProcessRunner(scenario).runUntil(scenario.untilUs).summary();
}

function explain(seed: number, summary: RunSummary): string {
  const v = summary.violations[0]!;
  return `seed ${seed}: ${v.invariant}: ${v.message}\nreplay: MESH_SEED=${seed} npx vitest run engine/protocols/mesh/chaos.test.ts`;
}

describe('the mesh under a seeded nemesis', () => {
  it(replay === null ? `keeps every breaker, bulkhead, rate limit and routing invariant (${runs} seeds)` : `replays seed ${replay}`, () => {
    if (replay !== null) {
      const summary = runChaos(replay);
      console.log(JSON.stringify({ stats: summary.stats, violations: summary.violations }, null, 2));
      expect(summary.violations, summary.violations.length ? explain(replay, summary) : '').toEqual([]);
      return;
    }
    let opened = 0;
    let rejected = 0;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        const summary = runChaos(seed);
        if (summary.violations.length > 0) throw new Error(explain(seed, summary));
        if (summary.sometimes?.find((s) => s.property === 'a breaker opens')?.held) opened++;
        const routes = summary.stats.routes as Record<string, { rejected: Record<string, number> }>;
        if (Object.values(routes).some((r) => Object.keys(r.rejected).length > 0)) rejected++;
      }),
      { numRuns: runs },
    );
    // The nemesis reached the states the invariants are about: breakers open, policies reject.
    expect(opened).toBeGreaterThan(runs / 4);
    expect(rejected).toBeGreaterThan(runs / 2);
  }, 60_000);
});
