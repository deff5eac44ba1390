import { expect } from 'vitest';
import { seedRange } from '../../../workers/test-support/chaos-property';
import { mutantBundler, mutantSweep, plantingWith } from '../../../workers/test-support/mutant-bundle';
import { swimChaosScenario } from './chaos-scenario';
import { applyMutant, SWIM_MUTANTS } from './mutants';
import { swim } from './swim';

/**
 * Do the monitors find real bugs? Each bug of mutants.ts is planted in a bundled copy of this
 * folder (esbuild, a plugin hands it the mutated file), run over the seeded chaotic runs of
 * chaos-scenario.ts and judged by this process's own, unmutated monitors. The unmutated code,
 * bundled the same way, must pass the same seeds cleanly, so a catch means the bug.
 *
 *   npx vitest run engine/protocols/swim/mutation.test.ts
 *   MUTANT_SEEDS=200 npx vitest run engine/protocols/swim/mutation.test.ts
 */
const SEEDS = Number(process.env.MUTANT_SEEDS ?? 60);
const bundler = mutantBundler(__dirname, 'swim.ts', 'swim', swim.monitors);

mutantSweep({
  name: 'SWIM',
  mutants: SWIM_MUTANTS,
  bundle: (mutant) => bundler(plantingWith(applyMutant)(mutant)),
  seeds: seedRange(1, SEEDS),
  scenarioFor: swimChaosScenario,
  // A liveness mutant counts a violation at the end (no event); a safety one only one an event broke.
  catchOf: (mutant, violations) => violations.find((v) => v.event !== undefined || mutant.caughtBy === 'safety-or-liveness'),
  judge: (mutant, caught) => expect(mutant.symptoms.includes(caught.invariant) || caught.event !== undefined).toBe(true),
  idWidth: 32,
});
