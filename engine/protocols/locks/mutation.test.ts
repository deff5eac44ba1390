import { afterAll, describe, expect, it } from 'vitest';
import type { AnyProtocol } from '../../kernel/protocol';
import { mutantBundler, plantingOf } from '../../../workers/test-support/mutant-bundle';
import { InProcessRunner } from '../../runner/inprocess';
import type { RunSummary } from '../../runner/summary';
import type { LockMode } from './config';
import { locksChaosScenario } from './chaos-scenario';
import { locks } from './locks';
import { LOCKS_MUTANTS } from './mutants';

/**
 * Do the monitors find real bugs? Each bug of mutants.ts is planted in a bundled copy of this
 * folder, run over the seeded chaotic runs of chaos-scenario.ts (fencing on, the mutant's mode)
 * and judged by this process's own, unmutated monitors. The unmutated code, bundled the same
 * way, must pass the same seeds.
 *
 *   MUTANT_SEEDS=100 npx vitest run engine/protocols/locks/mutation.test.ts
 */
const SEEDS = Number(process.env.MUTANT_SEEDS ?? 40);
const seeds = Array.from({ length: SEEDS }, (_, i) => i + 1);
const bundle = mutantBundler(__dirname, 'locks.ts', 'locks', locks.monitors);

function run(protocol: AnyProtocol, seed: number, mode: LockMode): RunSummary {
  const scenario = locksChaosScenario(seed, { mode });
  return new InProcessRunner(scenario, { protocol }).runUntil(scenario.untilUs).summary();
}

const table: string[] = [];
afterAll(() => {
  if (table.length) console.log(`the first of seeds 1..${SEEDS} that catches each planted lock bug\n${table.join('\n')}`);
});

describe(`the chaos runs catch planted lock bugs (up to ${SEEDS} seeds each)`, () => {
  it('the unmutated code, bundled the same way, passes the first seeds in both modes', async () => {
    const protocol = await bundle(null);
    for (const seed of seeds.slice(0, 6)) {
      for (const mode of ['redlock', 'consensus'] as const) {
        const summary = run(protocol, seed, mode);
        expect(summary.violations, `seed ${seed} ${mode}: ${summary.violations[0]?.message}`).toEqual([]);
      }
    }
  }, 120_000);

  for (const mutant of LOCKS_MUTANTS) {
    it(`${mutant.id}: ${mutant.bug}`, async () => {
      const protocol = await bundle(plantingOf(mutant));
      for (const seed of seeds) {
        const caught = run(protocol, seed, mutant.mode).violations[0];
        if (caught) {
          table.push(`${mutant.id.padEnd(22)} seed ${String(seed).padStart(3)}  ${caught.invariant}`);
          expect(mutant.symptoms).toContain(caught.invariant);
          return;
        }
      }
      throw new Error(`mutant ${mutant.id} survived seeds 1..${SEEDS}`);
    }, 120_000);
  }
});
