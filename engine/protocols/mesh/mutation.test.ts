import { expect } from 'vitest';
import { seedRange } from '../../../workers/test-support/chaos-property';
import { mutantBundler, mutantSweep, plantingOf } from '../../../workers/test-support/mutant-bundle';
import { meshChaosPlusScenario } from './chaos-plus';
import { meshChaosScenario } from './chaos-scenario';
import { mesh } from './mesh';
import { retryStorm } from './builtin-scenarios';
import { MESH_DEADLINE_MUTANTS, MESH_MUTANTS, MESH_PLUS_MUTANTS } from './mutants';
import { STORM_RETRY, STORM_THROTTLE } from './storm';

/**
 * Do the monitors find real bugs? Each bug of mutants.ts is planted in a bundled copy of this
 * folder, run over seeded chaotic runs and judged by this process's own, unmutated monitors. The
 * unmutated code, bundled the same way, passes the same seeds. The later features' bugs (mTLS,
 * header routes, mirrors, the leaky bucket) run over chaos-plus.ts's runs, which use them; those
 * of deadline propagation and adaptive throttling over 10 s of the retry storm with both on (the
 * throttle counting at send on odd seeds, at the outcome on even ones).
 *
 *   npx vitest run engine/protocols/mesh/mutation.test.ts
 *   MUTANT_SEEDS=100 npx vitest run engine/protocols/mesh/mutation.test.ts
 */
const SEEDS = Number(process.env.MUTANT_SEEDS ?? 20);
const PLUS_SEEDS = Number(process.env.MUTANT_SEEDS ?? 6);
const bundler = mutantBundler(__dirname, 'mesh.ts', 'mesh', mesh.monitors);

mutantSweep({
  name: 'mesh',
  mutants: MESH_MUTANTS,
  bundle: (mutant) => bundler(plantingOf(mutant)),
  seeds: seedRange(1, SEEDS),
  scenarioFor: meshChaosScenario,
  judge: (mutant, caught) => expect(mutant.symptoms, `${mutant.id} caught by an unexpected invariant: ${caught.message}`).toContain(caught.invariant),
  idWidth: 36,
  timeoutMs: 60_000,
});

mutantSweep({
  name: 'mTLS, header route, mirror and leaky-bucket',
  mutants: MESH_PLUS_MUTANTS,
  bundle: (mutant) => bundler(plantingOf(mutant)),
  seeds: seedRange(1, PLUS_SEEDS),
  scenarioFor: meshChaosPlusScenario,
  judge: (mutant, caught) => expect(mutant.symptoms, `${mutant.id} caught by an unexpected invariant: ${caught.message}`).toContain(caught.invariant),
  idWidth: 36,
  timeoutMs: 60_000,
});

/** The retry storm with deadlines and adaptive throttling on every route, cut at 10 s. */
function deadlineStorm(seed: number) {
  const throttle = seed % 2 === 1 ? true : STORM_THROTTLE;
  return { ...retryStorm({ timeoutMs: 300, retry: STORM_RETRY, throttle }, { deadlines: true, seed }), untilUs: 10_000_000 };
}

mutantSweep({
  name: 'deadline and throttling',
  mutants: MESH_DEADLINE_MUTANTS,
  bundle: (mutant) => bundler(plantingOf(mutant)),
  seeds: seedRange(1, Number(process.env.MUTANT_SEEDS ?? 4)),
  scenarioFor: deadlineStorm,
  judge: (mutant, caught) => expect(mutant.symptoms, `${mutant.id} caught by an unexpected invariant: ${caught.message}`).toContain(caught.invariant),
  idWidth: 36,
  timeoutMs: 60_000,
});
