import { afterAll, describe, expect, it } from 'vitest';
import type { AnyProtocol } from '../../kernel/protocol';
import { mutantBundler } from '../../../workers/test-support/mutant-bundle';
import { InProcessRunner } from '../../runner/inprocess';
import type { RunSummary } from '../../runner/summary';
import { primaryReplicaChaosScenario } from './chaos-scenario';
import { applyMutant, PR_MUTANTS, type PrMutant } from './mutants';
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
const seeds = Array.from({ length: SEEDS }, (_, i) => i + 1);
const bundler = mutantBundler(__dirname, 'primary-replica.ts', 'primaryReplica', primaryReplica.monitors);
const bundle = (mutant: PrMutant | null) => bundler(mutant && { id: mutant.id, file: mutant.file, rewrite: (source) => applyMutant(source, mutant) });

function run(protocol: AnyProtocol, seed: number): RunSummary {
  const scenario = primaryReplicaChaosScenario(seed);
  return new InProcessRunner(scenario, { protocol }).runUntil(scenario.untilUs).summary();
}

const table: string[] = [];
afterAll(() => {
  if (table.length) console.log(`the first of seeds 1..${SEEDS} that catches each planted primary-replica bug\n${table.join('\n')}`);
});

describe(`the chaos runs catch planted primary-replica bugs (${SEEDS} seeds each)`, () => {
  it('the unmutated code, bundled the same way, passes every seed', async () => {
    const protocol = await bundle(null);
    for (const seed of seeds) {
      const summary = run(protocol, seed);
      expect(summary.violations, `seed ${seed}: ${summary.violations[0]?.message}`).toEqual([]);
    }
  }, 120_000);

  for (const mutant of PR_MUTANTS) {
    it(`${mutant.id}: ${mutant.bug}`, async () => {
      const protocol = await bundle(mutant);
      for (const seed of seeds) {
        const caught = run(protocol, seed).violations[0];
        if (caught) {
          table.push(`${mutant.id.padEnd(24)} seed ${String(seed).padStart(3)}  ${caught.invariant}`);
          expect(mutant.symptoms).toContain(caught.invariant);
          return;
        }
      }
      throw new Error(`mutant ${mutant.id} survived seeds 1..${SEEDS}`);
    }, 120_000);
  }
});
