import { describe, expect, it } from 'vitest';
import { seedRange } from '../../../workers/test-support/chaos-property';
import { mutantBundler, mutantSweep, plantingOf } from '../../../workers/test-support/mutant-bundle';
import { InProcessRunner } from '../../runner/inprocess';
import { locksChaosScenario } from './chaos-scenario';
import { locks } from './locks';
import { LOCKS_MUTANTS } from './mutants';

/**
 * Do the monitors find real bugs? Each bug of mutants.ts is planted in a bundled copy of this
 * folder, run over the seeded chaotic runs of chaos-scenario.ts (fencing on, the mutant's mode)
 * and judged by this process's own, unmutated monitors. The unmutated code, bundled the same
 * way, must pass the same seeds (in consensus mode; the first seeds in Redlock mode below).
 *
 *   MUTANT_SEEDS=100 npx vitest run engine/protocols/locks/mutation.test.ts
 */
const SEEDS = Number(process.env.MUTANT_SEEDS ?? 40);
const bundler = mutantBundler(__dirname, 'locks.ts', 'locks', locks.monitors);

mutantSweep({
  name: 'lock',
  mutants: LOCKS_MUTANTS,
  bundle: (mutant) => bundler(plantingOf(mutant)),
  seeds: seedRange(1, SEEDS),
  scenarioFor: (seed, mutant) => locksChaosScenario(seed, { mode: mutant?.mode ?? 'consensus' }),
  judge: (mutant, caught) => expect(mutant.symptoms).toContain(caught.invariant),
  idWidth: 22,
});

describe('the unmutated code in Redlock mode', () => {
  it('passes the first 6 seeds', async () => {
    const protocol = await bundler(plantingOf(null));
    for (const seed of seedRange(1, 6)) {
      const scenario = locksChaosScenario(seed, { mode: 'redlock' });
      const found = new InProcessRunner(scenario, { protocol }).runUntil(scenario.untilUs).summary().violations;
      expect(found, `seed ${seed}: ${found[0]?.message}`).toEqual([]);
    }
  }, 120_000);
});
