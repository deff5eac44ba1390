import { expect } from 'vitest';
import { seedRange } from '../../../workers/test-support/chaos-property';
import { mutantBundler, mutantSweep, plantingOf } from '../../../workers/test-support/mutant-bundle';
import { primaryReplicaChaosScenario } from './chaos-scenario';
import { PR_MUTANTS } from './mutants';
import { primaryReplica } from './primary-replica';

/**
 * Do the monitors find real bugs? Each bug of mutants.ts is planted in a bundled copy of this
 * folder, run over the seeded chaotic runs of chaos-scenario.ts and judged by this process's own,
 * unmutated monitors. The unmutated code, bundled the same way, must pass the same seeds.
 *
 *   npx vitest run engine/protocols/primary-replica/mutation.test.ts
 *   MUTANT_SEEDS=200 npx vitest run engine/protocols/primary-replica/mutation.test.ts
 */
const SEEDS = Number(process.env.MUTANT_SEEDS ?? 20);
const bundler = mutantBundler(__dirname, 'primary-replica.ts', 'primaryReplica', primaryReplica.monitors);

mutantSweep({
  name: 'primary-replica',
  mutants: PR_MUTANTS,
  bundle: (mutant) => bundler(plantingOf(mutant)),
  seeds: seedRange(1, SEEDS),
  scenarioFor: primaryReplicaChaosScenario,
  judge: (mutant, caught) => expect(mutant.symptoms).toContain(caught.invariant),
  idWidth: 24,
});
