import { afterAll, describe, expect, it } from 'vitest';
import type { AnyProtocol } from '../../kernel/protocol';
import { mutantBundler } from '../../../workers/test-support/mutant-bundle';
import { InProcessRunner } from '../../runner/inprocess';
import type { RunSummary } from '../../runner/summary';
import { balancer } from './balancer';
import { balancerChaosScenario } from './chaos-scenario';
import { applyMutant, BALANCER_MUTANTS, type BalancerMutant } from './mutants';

/**
 * Do the monitors find real bugs? Each bug of mutants.ts is planted in a bundled copy of this
 * folder, run over the seeded chaotic runs of chaos-scenario.ts and judged by this process's own,
 * unmutated monitors. The unmutated code, bundled the same way, must pass the same seeds.
 *
 *   npx vitest run engine/protocols/balancer/mutation.test.ts
 *   MUTANT_SEEDS=200 npx vitest run engine/protocols/balancer/mutation.test.ts
 */
const SEEDS = Number(process.env.MUTANT_SEEDS ?? 25);
const seeds = Array.from({ length: SEEDS }, (_, i) => i + 1);
const bundler = mutantBundler(__dirname, 'balancer.ts', 'balancer', balancer.monitors);
const bundle = (mutant: BalancerMutant | null) => bundler(mutant && { id: mutant.id, file: mutant.file, rewrite: (source) => applyMutant(source, mutant) });

function run(protocol: AnyProtocol, seed: number): RunSummary {
  const scenario = balancerChaosScenario(seed, 2_000_000);
  return new InProcessRunner(scenario, { protocol }).runUntil(scenario.untilUs).summary();
}

const table: string[] = [];
afterAll(() => {
  if (table.length) console.log(`the first of seeds 1..${SEEDS} that catches each planted balancer bug\n${table.join('\n')}`);
});

describe(`the chaos runs catch planted balancer bugs (${SEEDS} seeds each)`, () => {
  it('the unmutated code, bundled the same way, passes every seed', async () => {
    const protocol = await bundle(null);
    for (const seed of seeds) expect(run(protocol, seed).violations, `seed ${seed}`).toEqual([]);
  }, 120_000);

  for (const mutant of BALANCER_MUTANTS) {
    it(`${mutant.id}: ${mutant.bug}`, async () => {
      const protocol = await bundle(mutant);
      for (const seed of seeds) {
        const caught = run(protocol, seed).violations[0];
        if (caught) {
          table.push(`${mutant.id.padEnd(30)} seed ${String(seed).padStart(3)}  ${caught.invariant}`);
          expect(caught.invariant).toBe(mutant.symptom);
          return;
        }
      }
      throw new Error(`mutant ${mutant.id} survived seeds 1..${SEEDS}`);
    }, 120_000);
  }
});
