import { expect } from 'vitest';
import { seedRange } from '../../../workers/test-support/chaos-property';
import { mutantBundler, mutantSweep, plantingWith } from '../../../workers/test-support/mutant-bundle';
import { paxosChaosScenario } from './chaos-scenario';
import { forgetfulAcceptorScenario } from './forgetful-scenario';
import { applyPaxosMutant, PAXOS_MUTANTS } from './mutants';
import { paxos } from './paxos';

/**
 * Do the monitors find real bugs? Each bug of mutants.ts is planted in a bundled copy of this
 * folder and run over the staged run of forgetful-scenario.ts (seed 0 below) and then the seeded
 * chaotic runs of chaos-scenario.ts, judged by this process's own monitors; the unmutated code,
 * bundled the same way, must pass them all. The random nemesis alone rarely meets the acceptor
 * that forgets its promise (a crash must fall between a promise and a lower ballot's Accept, and
 * a crash loses the messages on their way to the node): the staged run is that moment.
 *
 *   npx vitest run engine/protocols/paxos/mutation.test.ts
 *   MUTANT_SEEDS=300 npx vitest run engine/protocols/paxos/mutation.test.ts
 */
const SEEDS = Number(process.env.MUTANT_SEEDS ?? 40);
const bundler = mutantBundler(__dirname, 'paxos.ts', 'paxos', paxos.monitors);

mutantSweep({
  name: 'Paxos',
  mutants: PAXOS_MUTANTS,
  bundle: (mutant) => bundler(plantingWith(applyPaxosMutant)(mutant)),
  seeds: seedRange(0, SEEDS),
  seedsLabel: `0..${SEEDS} (0: the staged run)`,
  titleNote: `${SEEDS} seeds each`,
  scenarioFor: (seed) => (seed === 0 ? forgetfulAcceptorScenario() : paxosChaosScenario(seed)),
  judge: (mutant, caught) => {
    expect(mutant.symptoms).toContain(caught.invariant);
    expect(caught.event, 'a safety violation names the event that broke it').toBeDefined();
  },
  idWidth: 30,
  timeoutMs: 60_000,
});
