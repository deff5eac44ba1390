import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InProcessRunner } from '../../runner/inprocess';
import type { RunSummary } from '../../runner/summary';
import { twoPcChaosScenario, type TwoPcChaosMode } from './chaos-scenario';

/**
 * Seeded chaotic runs (chaos-scenario.ts): every safety invariant of monitor.ts on every event,
 * nobody left in doubt at the end. Seeds come from fast-check; every failure prints its replay.
 *
 *   TWOPC_SEEDS=2000 npx vitest run engine/protocols/2pc/chaos.test.ts   more seeds
 *   TWOPC_SEED=1234 npx vitest run engine/protocols/2pc/chaos.test.ts    replay one seed
 *   TWOPC_MODE=paxos TWOPC_SEED=1234 ...                                  replay one Paxos Commit seed
 *   (TWOPC_MODE=cooperative for the cooperative termination protocol)
 */
const runs = Number(process.env.TWOPC_SEEDS ?? 100);
const replay = process.env.TWOPC_SEED === undefined ? null : Number(process.env.TWOPC_SEED);

const MODE: TwoPcChaosMode = process.env.TWOPC_MODE === 'paxos' ? { commit: 'paxos' } : process.env.TWOPC_MODE === 'cooperative' ? { cooperative: true } : {};

function runChaos(seed: number, mode: TwoPcChaosMode = MODE): RunSummary {
  const scenario = twoPcChaosScenario(seed, mode);
  return new InProcessRunner(scenario).runUntil(scenario.untilUs).summary();
}

function explain(seed: number, summary: RunSummary): string {
  const v = summary.violations[0]!;
  return `seed ${seed}: ${v.invariant}: ${v.message}\nreplay: TWOPC_SEED=${seed} npx vitest run engine/protocols/2pc/chaos.test.ts`;
}

const paxosRuns = Math.max(10, Math.round(runs / 4));

/** Fewer seeds per mode than classic (the suite's time), the same checks; the seeds printed replay with TWOPC_MODE. */
for (const [mode, name, sometimes] of [
  [{ commit: 'paxos' }, 'paxos', ['a transaction commits', 'a transaction aborts', 'a leader other than the coordinator takes over']],
  [{ cooperative: true }, 'cooperative', ['a transaction commits', 'a transaction aborts']],
] as const) {
  describe(`2pc (${name}) under a seeded nemesis`, () => {
    it.skipIf(replay !== null)(`stays safe, and nobody is left in doubt after the heal (${paxosRuns} seeds)`, () => {
      const held = new Map<string, number>();
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
          const summary = runChaos(seed, mode);
          if (summary.violations.length > 0) throw new Error(`${explain(seed, summary)} (with TWOPC_MODE=${name})`);
          if (summary.stats.inDoubtJudged !== true) throw new Error(`seed ${seed}: the run ended before it settled`);
          for (const s of summary.sometimes ?? []) if (s.held) held.set(s.property, (held.get(s.property) ?? 0) + 1);
        }),
        { numRuns: paxosRuns },
      );
      for (const property of sometimes) expect(held.get(property) ?? 0, property).toBeGreaterThan(paxosRuns / 4);
    });
  });
}

describe('2pc under a seeded nemesis', () => {
  it(replay === null ? `stays safe, and nobody is left in doubt after the heal (${runs} seeds)` : `replays seed ${replay}`, () => {
    if (replay !== null) {
      const summary = runChaos(replay);
      console.log(JSON.stringify({ stats: summary.stats, violations: summary.violations }, null, 2));
      expect(summary.violations, summary.violations.length ? explain(replay, summary) : '').toEqual([]);
      return;
    }
    const held = new Map<string, number>();
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        const summary = runChaos(seed);
        if (summary.violations.length > 0) throw new Error(explain(seed, summary));
        if (summary.stats.inDoubtJudged !== true) throw new Error(`seed ${seed}: the run ended before it settled`);
        for (const s of summary.sometimes ?? []) if (s.held) held.set(s.property, (held.get(s.property) ?? 0) + 1);
      }),
      { numRuns: runs },
    );
    // Coverage: the nemesis did not starve the protocol of what it is meant to show.
    for (const property of ['a transaction commits', 'a transaction aborts', 'a participant in doubt asks the coordinator']) {
      expect(held.get(property) ?? 0, property).toBeGreaterThan(runs / 4);
    }
  });
});
