import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InProcessRunner } from '../../runner/inprocess';
import type { RunSummary } from '../../runner/summary';
import { primaryReplicaChaosScenario } from './chaos-scenario';

/**
 * Seeded chaotic runs (chaos-scenario.ts): every invariant of monitor.ts on every event, in
 * every replication mode, with and without fencing; after the heal the cluster takes writes
 * again. Seeds come from fast-check and every failure prints its replay.
 *
 *   PR_SEEDS=1000 npx vitest run engine/protocols/primary-replica/chaos.test.ts   more seeds
 *   PR_SEED=1234 npx vitest run engine/protocols/primary-replica/chaos.test.ts    replay one seed
 */
const runs = Number(process.env.PR_SEEDS ?? 40);
const replay = process.env.PR_SEED === undefined ? null : Number(process.env.PR_SEED);

function runChaos(seed: number): RunSummary {
  const scenario = primaryReplicaChaosScenario(seed);
  return new InProcessRunner(scenario).runUntil(scenario.untilUs).summary();
}

function explain(seed: number, summary: RunSummary): string {
  const v = summary.violations[0]!;
  return `seed ${seed}: ${v.invariant}: ${v.message}${v.event ? ` (event ${JSON.stringify(v.event)})` : ''}\nreplay: PR_SEED=${seed} npx vitest run engine/protocols/primary-replica/chaos.test.ts`;
}

describe('primary-replica under a seeded nemesis', () => {
  it(replay === null ? `keeps its invariants and takes writes after the heal (${runs} seeds)` : `replays seed ${replay}`, () => {
    if (replay !== null) {
      const summary = runChaos(replay);
      console.log(JSON.stringify({ stats: summary.stats, violations: summary.violations }, null, 2));
      expect(summary.violations, summary.violations.length ? explain(replay, summary) : '').toEqual([]);
      return;
    }
    const seen = { failovers: 0, lost: 0, stale: 0 };
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        const summary = runChaos(seed);
        if (summary.violations.length > 0) throw new Error(explain(seed, summary));
        if (!((summary.stats.ackedAfterHeal as number) > 0)) throw new Error(`seed ${seed}: no write was acknowledged after the heal`);
        // The change consumer (positions with epochs) ends on the history: nothing lost, nothing phantom.
        const cdc = Object.values((summary.stats.cdc ?? {}) as Record<string, { wrong: number }>);
        if (cdc.some((c) => c.wrong > 0)) throw new Error(`seed ${seed}: a change consumer holds changes the history does not: ${JSON.stringify(summary.stats.cdc)}`);
        seen.failovers += summary.stats.failovers as number;
        seen.lost += summary.stats.lostAckedWrites as number;
        seen.stale += summary.stats.staleReads as number;
      }),
      { numRuns: runs },
    );
    // Coverage: the nemesis made failovers happen, and the weaker modes showed their costs.
    expect(seen.failovers).toBeGreaterThan(0);
    expect(seen.lost).toBeGreaterThan(0);
    expect(seen.stale).toBeGreaterThan(0);
  });
});
