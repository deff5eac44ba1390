import { describe, expect, it } from 'vitest';
import { chaosProperty } from '../../../workers/test-support/chaos-property';
import { twoPcChaosScenario, type TwoPcChaosMode } from './chaos-scenario';

/**
 * Seeded chaotic runs (chaos-scenario.ts): every safety invariant of monitor.ts on every event,
 * nobody left in doubt at the end. Seeds come from fast-check; every failure prints its replay.
 *
 *   TWOPC_SEEDS=2000 npx vitest run engine/protocols/2pc/chaos.test.ts   more seeds
 *   TWOPC_SEED=1234 npx vitest run engine/protocols/2pc/chaos.test.ts    replay one seed
 *
 * A replayed seed runs in all three modes (classic, Paxos Commit, cooperative termination).
 */
const chaos = chaosProperty({ env: 'TWOPC', file: 'engine/protocols/2pc/chaos.test.ts', scenarioFor: twoPcChaosScenario, numRuns: 100 });

/** Fewer seeds per mode than classic (the suite's time), the same checks. */
for (const [mode, name, sometimes] of [
  [{ commit: 'paxos' }, 'paxos', ['a transaction commits', 'a transaction aborts', 'a leader other than the coordinator takes over']],
  [{ cooperative: true }, 'cooperative', ['a transaction commits', 'a transaction aborts']],
] as const) {
  const modeChaos = chaosProperty({
    env: 'TWOPC',
    file: 'engine/protocols/2pc/chaos.test.ts',
    scenarioFor: (seed) => twoPcChaosScenario(seed, mode as TwoPcChaosMode),
    numRuns: 25,
    titleNote: name,
  });
  describe(`2pc (${name}) under a seeded nemesis`, () => {
    it(modeChaos.title('stays safe, and nobody is left in doubt after the heal'), () => {
      const held = new Map<string, number>();
      modeChaos.check({
        perSeed: (seed, summary) => {
          if (summary.stats.inDoubtJudged !== true) throw new Error(`seed ${seed}: the run ended before it settled`);
          for (const s of summary.sometimes ?? []) if (s.held) held.set(s.property, (held.get(s.property) ?? 0) + 1);
        },
        coverage: () => {
          for (const property of sometimes) expect(held.get(property) ?? 0, property).toBeGreaterThan(modeChaos.runs / 4);
        },
      });
    });
  });
}

describe('2pc under a seeded nemesis', () => {
  it(chaos.title('stays safe, and nobody is left in doubt after the heal'), () => {
    const held = new Map<string, number>();
    chaos.check({
      perSeed: (seed, summary) => {
        if (summary.stats.inDoubtJudged !== true) throw new Error(`seed ${seed}: the run ended before it settled`);
        for (const s of summary.sometimes ?? []) if (s.held) held.set(s.property, (held.get(s.property) ?? 0) + 1);
      },
      // Coverage: the nemesis did not starve the protocol of what it is meant to show.
      coverage: () => {
        for (const property of ['a transaction commits', 'a transaction aborts', 'a participant in doubt asks the coordinator']) {
          expect(held.get(property) ?? 0, property).toBeGreaterThan(chaos.runs / 4);
        }
      },
    });
  });
});
