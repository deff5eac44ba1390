import { expect } from 'vitest';
import { seedRange } from '../../../workers/test-support/chaos-property';
import { mutantBundler, mutantSweep, plantingOf } from '../../../workers/test-support/mutant-bundle';
import { balancer } from './balancer';
import { balancerChaosScenario } from './chaos-scenario';
import { BALANCER_MUTANTS } from './mutants';

/**
 * Do the monitors find real bugs? Each bug of mutants.ts is planted in a bundled copy of this
 * folder, run over the seeded chaotic runs of chaos-scenario.ts and judged by this process's own,
 * unmutated monitors. The unmutated code, bundled the same way, must pass the same seeds.
 *
 *   npx vitest run engine/protocols/balancer/mutation.test.ts
 *   MUTANT_SEEDS=200 npx vitest run engine/protocols/balancer/mutation.test.ts
 */
const SEEDS = Number(process.env.MUTANT_SEEDS ?? 25);
const bundler = mutantBundler(__dirname, 'balancer.ts', 'balancer', balancer.monitors);

mutantSweep({
  name: 'balancer',
  mutants: BALANCER_MUTANTS,
  bundle: (mutant) => bundler(plantingOf(mutant)),
  seeds: seedRange(1, SEEDS),
  scenarioFor: (seed) => balancerChaosScenario(seed, 2_000_000),
  judge: (mutant, caught) => expect(mutant.symptoms, `${mutant.id} caught by an unexpected invariant: ${caught.message}`).toContain(caught.invariant),
  idWidth: 30,
});
