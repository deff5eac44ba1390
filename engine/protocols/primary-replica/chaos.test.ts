import { describe, expect, it } from 'vitest';
import { chaosProperty } from '../../../workers/test-support/chaos-property';
import { primaryReplicaChaosScenario } from './chaos-scenario';

/**
 * Seeded chaotic runs (chaos-scenario.ts): every invariant of monitor.ts on every event, in
 * every replication mode, with and without fencing; after the heal the cluster takes writes
 * again. Seeds come from fast-check and every failure prints its replay.
 *
 *   PR_SEEDS=1000 npx vitest run engine/protocols/primary-replica/chaos.test.ts   more seeds
 *   PR_SEED=1234 npx vitest run engine/protocols/primary-replica/chaos.test.ts    replay one seed
 */
const chaos = chaosProperty({
  env: 'PR',
  file: 'engine/protocols/primary-replica/chaos.test.ts',
  scenarioFor: primaryReplicaChaosScenario,
  numRuns: 40,
  showEvent: true,
});

describe('primary-replica under a seeded nemesis', () => {
  it(chaos.title('keeps its invariants and takes writes after the heal'), () => {
    const seen = { failovers: 0, lost: 0, stale: 0 };
    chaos.check({
      perSeed: (seed, summary) => {
        if (!((summary.stats.ackedAfterHeal as number) > 0)) throw new Error(`seed ${seed}: no write was acknowledged after the heal`);
        // The change consumer (positions with epochs) ends on the history: nothing lost, nothing phantom.
        const cdc = Object.values((summary.stats.cdc ?? {}) as Record<string, { wrong: number }>);
        if (cdc.some((c) => c.wrong > 0)) throw new Error(`seed ${seed}: a change consumer holds changes the history does not: ${JSON.stringify(summary.stats.cdc)}`);
        seen.failovers += summary.stats.failovers as number;
        seen.lost += summary.stats.lostAckedWrites as number;
        seen.stale += summary.stats.staleReads as number;
      },
      // Coverage: the nemesis made failovers happen, and the weaker modes showed their costs.
      // fast-check draws new seeds each run, and forty may by chance lose no write: then the
      // fixed seeds 1..40 must show each cost (a CI run once met such a draw).
      coverage: () => {
        for (let seed = 1; seed <= 40 && (seen.failovers === 0 || seen.lost === 0 || seen.stale === 0); seed++) {
          const stats = chaos.run(seed).stats;
          seen.failovers += stats.failovers as number;
          seen.lost += stats.lostAckedWrites as number;
          seen.stale += stats.staleReads as number;
        }
        expect(seen.failovers).toBeGreaterThan(0);
        expect(seen.lost).toBeGreaterThan(0);
        expect(seen.stale).toBeGreaterThan(0);
      },
    });
  });
});
