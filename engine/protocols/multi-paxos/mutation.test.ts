import { afterAll, describe, expect, it } from 'vitest';
import type { AnyProtocol } from '../../kernel/protocol';
import { mutantBundler } from '../../../workers/test-support/mutant-bundle';
import { InProcessRunner } from '../../runner/inprocess';
import { multiPaxosChaosScenario } from './chaos-scenario';
import { applyPaxosMutant, MULTI_PAXOS_MUTANTS, type PaxosMutant } from '../paxos/mutants';
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
const seeds = Array.from({ length: SEEDS }, (_, i) => i + 1);
const bundler = mutantBundler(__dirname, 'multi-paxos.ts', 'multiPaxos', multiPaxos.monitors);
const bundle = (m: PaxosMutant | null) => bundler(m && { id: m.id, file: m.file, rewrite: (source) => applyPaxosMutant(source, m) });

function violations(protocol: AnyProtocol, seed: number) {
  const scenario = multiPaxosChaosScenario(seed);
  return new InProcessRunner(scenario, { protocol }).runUntil(scenario.untilUs).summary().violations;
}

const table: string[] = [];
afterAll(() => {
  if (table.length) console.log(`the first of seeds 1..${SEEDS} that catches each planted Multi-Paxos bug\n${table.join('\n')}`);
});

describe(`the chaos runs catch planted Multi-Paxos bugs (${SEEDS} seeds each)`, () => {
  it('the unmutated code, bundled the same way, passes every seed', async () => {
    const protocol = await bundle(null);
    for (const seed of seeds) expect(violations(protocol, seed), `seed ${seed}`).toEqual([]);
  }, 60_000);

  for (const mutant of MULTI_PAXOS_MUTANTS) {
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
      throw new Error(`mutant ${mutant.id} survived seeds 1..${SEEDS}`);
    }, 60_000);
  }
});
