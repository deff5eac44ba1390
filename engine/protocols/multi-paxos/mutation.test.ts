import { expect } from 'vitest';
import { seedRange } from '../../../workers/test-support/chaos-property';
import { mutantBundler, mutantSweep, plantingWith } from '../../../workers/test-support/mutant-bundle';
import { multiPaxosChaosScenario } from './chaos-scenario';
import { applyPaxosMutant, MULTI_PAXOS_MUTANTS } from '../paxos/mutants';
import { multiPaxos } from './multi-paxos';

/**
 * Do the monitors find real bugs? Each bug of mutants.ts is planted in a bundled copy of this
 * folder and run over the seeded chaotic runs of chaos-scenario.ts, judged by this process's own
 * monitors; the unmutated code, bundled the same way, must pass the same seeds.
 *
 *   npx vitest run engine/protocols/multi-paxos/mutation.test.ts
 *   MUTANT_SEEDS=300 npx vitest run engine/protocols/multi-paxos/mutation.test.ts
 */
const SEEDS = Number(process.env.MUTANT_SEEDS ?? 20);
const bundler = mutantBundler(__dirname, 'multi-paxos.ts', 'multiPaxos', multiPaxos.monitors);

mutantSweep({
  name: 'Multi-Paxos',
  mutants: MULTI_PAXOS_MUTANTS,
  bundle: (mutant) => bundler(plantingWith(applyPaxosMutant)(mutant)),
  seeds: seedRange(1, SEEDS),
  scenarioFor: multiPaxosChaosScenario,
  judge: (mutant, caught) => {
    expect(mutant.symptoms).toContain(caught.invariant);
    expect(caught.event, 'a safety violation names the event that broke it').toBeDefined();
  },
  idWidth: 30,
  timeoutMs: 60_000,
});
