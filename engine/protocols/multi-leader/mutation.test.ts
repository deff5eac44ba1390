import { afterAll, describe, expect, it } from 'vitest';
import type { AnyProtocol } from '../../kernel/protocol';
import { mutantBundler, plantingOf } from '../../../workers/test-support/mutant-bundle';
import { InProcessRunner } from '../../runner/inprocess';
import type { RunSummary } from '../../runner/summary';
import { multiLeaderChaosScenario } from './chaos-scenario';
import { MULTI_LEADER_MUTANTS, type MultiLeaderMutant } from './mutants';
import { multiLeader } from './multi-leader';

/**
 * Do the monitors find real bugs? Each bug of mutants.ts is planted in a bundled copy of this
 * folder and run over the seeded chaotic runs of chaos-scenario.ts, judged by this process's own,
 * unmutated monitors. The unmutated code, bundled the same way, must pass the same seeds, so a
 * catch means the bug.
 *
 *   npx vitest run engine/protocols/multi-leader/mutation.test.ts
 *   MUTANT_SEEDS=100 npx vitest run engine/protocols/multi-leader/mutation.test.ts
 */
const SEEDS = Number(process.env.MUTANT_SEEDS ?? 10);
const seeds = Array.from({ length: SEEDS }, (_, i) => i + 1);
const bundler = mutantBundler(__dirname, 'multi-leader.ts', 'multiLeader', multiLeader.monitors);
const bundle = (mutant: MultiLeaderMutant | null) => bundler(plantingOf(mutant));

function run(protocol: AnyProtocol, seed: number): RunSummary {
  const scenario = multiLeaderChaosScenario(seed);
  return new InProcessRunner(scenario, { protocol }).runUntil(scenario.untilUs).summary();
}

const table: string[] = [];
afterAll(() => {
  if (table.length) console.log(`the first of seeds 1..${SEEDS} that catches each planted multi-leader bug\n${table.join('\n')}`);
});

describe(`the chaos runs catch planted multi-leader bugs (${SEEDS} seeds each)`, () => {
  it('the unmutated code, bundled the same way, passes every seed', async () => {
    const protocol = await bundle(null);
    for (const seed of seeds) {
      const summary = run(protocol, seed);
      expect(summary.violations, `seed ${seed}: ${summary.violations[0]?.message}`).toEqual([]);
    }
  }, 120_000);

  for (const mutant of MULTI_LEADER_MUTANTS) {
    it(`${mutant.id}: ${mutant.bug}`, async () => {
      const protocol = await bundle(mutant);
      for (const seed of seeds) {
        const caught = run(protocol, seed).violations[0];
        if (caught) {
          table.push(`${mutant.id.padEnd(28)} seed ${String(seed).padStart(3)}  ${caught.invariant}`);
          expect(mutant.symptoms, `${mutant.id} caught by an unexpected invariant: ${caught.message}`).toContain(caught.invariant);
          return;
        }
      }
      throw new Error(`mutant ${mutant.id} survived seeds 1..${SEEDS}`);
    }, 120_000);
  }
});
