import { afterAll, describe, expect, it } from 'vitest';
import type { AnyProtocol } from '../../kernel/protocol';
import { mutantBundler, plantingOf } from '../../../workers/test-support/mutant-bundle';
import { InProcessRunner } from '../../runner/inprocess';
import type { RunSummary } from '../../runner/summary';
import { twoPcChaosScenario, type TwoPcChaosMode } from './chaos-scenario';
import { TWO_PC_MUTANTS, type TwoPcMutant } from './mutants';
import { twoPc } from './twopc';

/**
 * Do the monitors find real bugs? Each bug of mutants.ts is planted in a bundled copy of this
 * folder and run over the seeded chaotic runs of chaos-scenario.ts, judged by this process's own,
 * unmutated monitors. The unmutated code, bundled the same way, must pass the same seeds, so a
 * catch means the bug.
 *
 *   npx vitest run engine/protocols/2pc/mutation.test.ts
 *   MUTANT_SEEDS=200 npx vitest run engine/protocols/2pc/mutation.test.ts
 */
const SEEDS = Number(process.env.MUTANT_SEEDS ?? 40);
const seeds = Array.from({ length: SEEDS }, (_, i) => i + 1);
const bundler = mutantBundler(__dirname, 'twopc.ts', 'twoPc', twoPc.monitors);
const bundle = (mutant: TwoPcMutant | null) => bundler(plantingOf(mutant));

function run(protocol: AnyProtocol, seed: number, mode: TwoPcChaosMode = {}): RunSummary {
  const scenario = twoPcChaosScenario(seed, mode);
  return new InProcessRunner(scenario, { protocol }).runUntil(scenario.untilUs).summary();
}

const table: string[] = [];
afterAll(() => {
  if (table.length) console.log(`the first of seeds 1..${SEEDS} that catches each planted 2pc bug\n${table.join('\n')}`);
});

describe(`the chaos runs catch planted 2pc bugs (${SEEDS} seeds each)`, () => {
  it('the unmutated code, bundled the same way, passes every seed', async () => {
    const protocol = await bundle(null);
    for (const seed of seeds) {
      const summary = run(protocol, seed);
      expect(summary.violations, `seed ${seed}: ${summary.violations[0]?.message}`).toEqual([]);
    }
    for (const mode of [{ commit: 'paxos' }, { cooperative: true }] as const) {
      for (const seed of seeds.slice(0, 10)) {
        const summary = run(protocol, seed, mode);
        expect(summary.violations, `${JSON.stringify(mode)} seed ${seed}: ${summary.violations[0]?.message}`).toEqual([]);
      }
    }
  }, 120_000);

  for (const mutant of TWO_PC_MUTANTS) {
    it(`${mutant.id}: ${mutant.bug}`, async () => {
      const protocol = await bundle(mutant);
      for (const seed of seeds) {
        const caught = run(protocol, seed, mutant.mode).violations[0];
        if (caught) {
          table.push(`${mutant.id.padEnd(24)} seed ${String(seed).padStart(3)}  ${caught.invariant}`);
          expect(mutant.symptoms, `${mutant.id} caught by an unexpected invariant: ${caught.message}`).toContain(caught.invariant);
          return;
        }
      }
      throw new Error(`mutant ${mutant.id} survived seeds 1..${SEEDS}`);
    }, 120_000);
  }
});
