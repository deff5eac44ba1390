import { describe, expect, it } from 'vitest';
import { seedRange } from '../../../workers/test-support/chaos-property';
import { mutantBundler, mutantSweep, plantingOf } from '../../../workers/test-support/mutant-bundle';
import { InProcessRunner } from '../../runner/inprocess';
import { twoPcChaosScenario } from './chaos-scenario';
import { TWO_PC_MUTANTS } from './mutants';
import { twoPc } from './twopc';

/**
 * Do the monitors find real bugs? Each bug of mutants.ts is planted in a bundled copy of this
 * folder and run over the seeded chaotic runs of chaos-scenario.ts, judged by this process's own,
 * unmutated monitors. The unmutated code, bundled the same way, must pass the same seeds, so a
 * catch means the bug.
 *
 *   npx vitest run engine/protocols/2pc/mutation.test.ts
 *   MUTANT_SEEDS=200 npx vitest run engine/protocols/2pc/mutation.test.ts
 */
const SEEDS = Number(process.env.MUTANT_SEEDS ?? 40);
const bundler = mutantBundler(__dirname, 'twopc.ts', 'twoPc', twoPc.monitors);

mutantSweep({
  name: '2pc',
  mutants: TWO_PC_MUTANTS,
  bundle: (mutant) => bundler(plantingOf(mutant)),
  seeds: seedRange(1, SEEDS),
  // A bug of Paxos Commit or of cooperative termination runs in its mode (mutants.ts says which).
  scenarioFor: (seed, mutant) => twoPcChaosScenario(seed, mutant?.mode),
  judge: (mutant, caught) => expect(mutant.symptoms, `${mutant.id} caught by an unexpected invariant: ${caught.message}`).toContain(caught.invariant),
  idWidth: 24,
});

describe('the unmutated code in the other modes', () => {
  it('passes the first 10 seeds with Paxos Commit and with cooperative termination', async () => {
    const protocol = await bundler(plantingOf(null));
    for (const mode of [{ commit: 'paxos' }, { cooperative: true }] as const) {
      for (const seed of seedRange(1, 10)) {
        const scenario = twoPcChaosScenario(seed, mode);
        const found = new InProcessRunner(scenario, { protocol }).runUntil(scenario.untilUs).summary().violations;
        expect(found, `${JSON.stringify(mode)} seed ${seed}: ${found[0]?.message}`).toEqual([]);
      }
    }
  }, 120_000);
});
