import { afterAll, describe, expect, it } from 'vitest';
import type { AnyProtocol } from '../../kernel/protocol';
import { mutantBundler } from '../../../workers/test-support/mutant-bundle';
import { InProcessRunner } from '../../runner/inprocess';
import { paxosChaosScenario } from './chaos-scenario';
import { forgetfulAcceptorScenario } from './forgetful-scenario';
import { applyPaxosMutant, PAXOS_MUTANTS, type PaxosMutant } from './mutants';
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
const seeds = Array.from({ length: SEEDS + 1 }, (_, i) => i);
const bundler = mutantBundler(__dirname, 'paxos.ts', 'paxos', paxos.monitors);
const bundle = (m: PaxosMutant | null) => bundler(m && { id: m.id, file: m.file, rewrite: (source) => applyPaxosMutant(source, m) });

function violations(protocol: AnyProtocol, seed: number) {
  const scenario = seed === 0 ? forgetfulAcceptorScenario() : paxosChaosScenario(seed);
  return new InProcessRunner(scenario, { protocol }).runUntil(scenario.untilUs).summary().violations;
}

const table: string[] = [];
afterAll(() => {
  if (table.length) console.log(`the first of seeds 0..${SEEDS} (0: the staged run) that catches each planted Paxos bug\n${table.join('\n')}`);
});

describe(`the chaos runs catch planted Paxos bugs (${SEEDS} seeds each)`, () => {
  it('the unmutated code, bundled the same way, passes every seed', async () => {
    const protocol = await bundle(null);
    for (const seed of seeds) expect(violations(protocol, seed), `seed ${seed}`).toEqual([]);
  }, 60_000);

  for (const mutant of PAXOS_MUTANTS) {
    it(`${mutant.id}: ${mutant.bug}`, async () => {
      const protocol = await bundle(mutant);
      for (const seed of seeds) {
        const caught = violations(protocol, seed)[0];
        if (caught) {
          table.push(`${mutant.id.padEnd(30)} seed ${String(seed).padStart(3)}  ${caught.invariant}`);
          expect(mutant.symptoms).toContain(caught.invariant);
          expect(caught.event, 'a safety violation names the event that broke it').toBeDefined();
          return;
        }
      }
      throw new Error(`mutant ${mutant.id} survived seeds 0..${SEEDS} (0: the staged run)`);
    }, 60_000);
  }
});
