import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AnyProtocol } from '../../kernel/protocol';
import { mutantBundler } from '../../../workers/test-support/mutant-bundle';
import { InProcessRunner } from '../../runner/inprocess';
import type { Scenario } from '../../scenario/schema';
import { ringChaosScenario } from './chaos-scenario';
import { applyRingMutant, RING_MUTANTS, type RingMutant } from './mutants';
import { ring } from './ring';

/**
 * Do the monitors find real bugs? Each mutant of mutants.ts is planted in a bundled copy of
 * ring.ts (this process's monitors judge it), and the seeded chaos scenarios must catch it; the
 * unmutated code bundled the same way passes the same seeds.
 *
 *   npx vitest run engine/protocols/ring/mutation.test.ts    (RING_MUTANT_SEEDS=300 for more)
 */
const SEEDS = Number(process.env.RING_MUTANT_SEEDS ?? 150);
const dir = __dirname;
const bundler = mutantBundler(dir, 'ring.ts', 'ring', ring.monitors);
const bundle = (mutant: RingMutant | null) =>
  bundler(mutant && { id: mutant.id, file: 'ring.ts', rewrite: (source) => applyRingMutant(source, mutant) });

/** The same scenarios for every mutant: seed i of the chaos arbitrary, with duplication and crashes likely. */
const scenarios: Scenario[] = Array.from({ length: SEEDS }, (_, i) => fc.sample(ringChaosScenario(), { seed: i + 1, numRuns: 1 })[0]!);

function verdicts(protocol: AnyProtocol, mutant: RingMutant | null) {
  const caught: { seed: number; invariant: string }[] = [];
  for (let i = 0; i < scenarios.length; i++) {
    const s = scenarios[i]!;
    const violations = new InProcessRunner(s, { protocol }).runUntil(s.untilUs).summary().violations;
    const hit = violations.find((v) => v.event !== undefined || (mutant?.liveness ?? mutant === null));
    if (hit) {
      caught.push({ seed: i + 1, invariant: hit.invariant });
      if (mutant) break;
    }
  }
  return caught;
}

describe('planted bugs the ring monitors catch', () => {
  it('the unmutated bundle passes every seed', async () => {
    expect(verdicts(await bundle(null), null)).toEqual([]);
  });

  it.each(RING_MUTANTS.map((m) => [m.id, m] as const))('%s is caught', async (_id, mutant) => {
    const caught = verdicts(await bundle(mutant), mutant);
    console.log(`${mutant.id}: ${caught.length ? `caught at seed ${caught[0]!.seed} by ${caught[0]!.invariant}` : 'NOT caught'}`);
    expect(caught.length).toBeGreaterThan(0);
  });
});
