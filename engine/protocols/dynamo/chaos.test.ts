import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InProcessRunner } from '../../runner/inprocess';
import { dynamoChaosScenario } from './chaos-scenario';

/**
 * Jepsen-style: seeded chaotic runs (chaos-scenario.ts) under every setting of CHAOS_CONFIGS,
 * with the monitors checking on every event: no acknowledged write lost, replica clocks
 * monotonic, strict-quorum reads fresh (where R + W > N).
 *
 *   DYNAMO_SEEDS=1000 npx vitest run engine/protocols/dynamo/chaos.test.ts   more seeds
 *   DYNAMO_SEED=1234 npx vitest run engine/protocols/dynamo/chaos.test.ts    replay one seed
 */
const runs = Number(process.env.DYNAMO_SEEDS ?? 60);
const replay = process.env.DYNAMO_SEED === undefined ? null : Number(process.env.DYNAMO_SEED);

function runChaos(seed: number) {
  const scenario = dynamoChaosScenario(seed);
  return { scenario, summary: new InProcessRunner(scenario).runUntil(scenario.untilUs).summary() };
}

describe('dynamo under a seeded nemesis', () => {
  it(replay === null ? `keeps every acknowledged write and reads fresh where promised (${runs} seeds)` : `replays seed ${replay}`, () => {
    const check = (seed: number) => {
      const { scenario, summary } = runChaos(seed);
      const v = summary.violations[0];
      if (v) {
        throw new Error(
          `seed ${seed} (${JSON.stringify(scenario.protocol.config)}): ${v.invariant}: ${v.message}\n` +
            `replay: DYNAMO_SEED=${seed} npx vitest run engine/protocols/dynamo/chaos.test.ts`,
        );
      }
      // The run did real work under the faults: writes were acknowledged and reads answered.
      expect(summary.stats.putsAcked as number, `seed ${seed}: no put acknowledged`).toBeGreaterThan(20);
      expect(summary.stats.gets as number, `seed ${seed}: no get answered`).toBeGreaterThan(20);
      return summary;
    };
    if (replay !== null) {
      console.log(JSON.stringify(check(replay).stats));
      return;
    }
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => void check(seed)), { numRuns: runs });
  });

  it('truncating clocks to 1 entry costs siblings, not writes (§4.4): reads see more versions, nothing is lost', () => {
    let multi = { limit10: 0, limit1: 0 };
    for (let seed = 1; seed <= 6; seed++) {
      for (const clockLimit of [10, 1] as const) {
        const scenario = dynamoChaosScenario(seed, { preset: '3-2-2', clockLimit, keys: 2 });
        const summary = new InProcessRunner(scenario).runUntil(scenario.untilUs).summary();
        expect(summary.violations).toEqual([]);
        const perRead = summary.stats.versionsPerRead as Record<string, number>;
        const more = perRead['2']! + perRead['3']! + perRead['4+']!;
        if (clockLimit === 10) multi.limit10 += more;
        else multi.limit1 += more;
      }
    }
    console.log('reads with siblings over 6 seeds:', multi);
    expect(multi.limit1).toBeGreaterThan(2 * multi.limit10);
  });
});
