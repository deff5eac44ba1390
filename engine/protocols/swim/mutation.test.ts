import { afterAll, describe, expect, it } from 'vitest';
import type { AnyProtocol } from '../../kernel/protocol';
import { mutantBundler } from '../../../workers/test-support/mutant-bundle';
import { InProcessRunner } from '../../runner/inprocess';
import type { RunSummary } from '../../runner/summary';
import { swimChaosScenario } from './chaos-scenario';
import { applyMutant, SWIM_MUTANTS, type SwimMutant } from './mutants';
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
const seeds = Array.from({ length: SEEDS }, (_, i) => i + 1);
const dir = __dirname;
const bundler = mutantBundler(dir, 'swim.ts', 'swim', swim.monitors);
const bundleSwim = (mutant: SwimMutant | null) =>
  bundler(mutant && { id: mutant.id, file: mutant.file, rewrite: (source) => applyMutant(source, mutant) });

function run(protocol: AnyProtocol, seed: number): RunSummary {
  const scenario = swimChaosScenario(seed);
  return new InProcessRunner(scenario, { protocol }).runUntil(scenario.untilUs).summary();
}

const table: string[] = [];
afterAll(() => {
  if (table.length) console.log(`the first of seeds 1..${SEEDS} that catches each planted SWIM bug\n${table.join('\n')}`);
});

describe(`the chaos runs catch planted SWIM bugs (${SEEDS} seeds each)`, () => {
  it('the unmutated code, bundled the same way, passes every seed', async () => {
    const protocol = await bundleSwim(null);
    for (const seed of seeds) {
      const summary = run(protocol, seed);
      expect(summary.violations, `seed ${seed}: ${summary.violations[0]?.message}`).toEqual([]);
    }
  }, 120_000);

  for (const mutant of SWIM_MUTANTS) {
    it(`${mutant.id}: ${mutant.bug}`, async () => {
      const protocol = await bundleSwim(mutant);
      for (const seed of seeds) {
        const summary = run(protocol, seed);
        const caught = summary.violations.find((v) => v.event !== undefined || mutant.caughtBy === 'safety-or-liveness');
        if (caught) {
          table.push(`${mutant.id.padEnd(32)} seed ${String(seed).padStart(3)}  ${caught.invariant}`);
          expect(mutant.symptoms.includes(caught.invariant) || caught.event !== undefined).toBe(true);
          return;
        }
      }
      throw new Error(`mutant ${mutant.id} survived seeds 1..${SEEDS}`);
    }, 120_000);
  }
});
