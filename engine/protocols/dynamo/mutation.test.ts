import { describe, expect, it } from 'vitest';
import { InProcessRunner } from '../../runner/inprocess';
import { dynamoChaosScenario } from './chaos-scenario';
import { makeDynamo } from './dynamo';
import type { Flaws } from './flaws';

/**
 * Do the monitors find real bugs? Each planted flaw of flaws.ts runs in a copy of the protocol
 * (makeDynamo(flaws)) on the chaos runs of chaos-scenario.ts, and the real monitors must report
 * the invariant it breaks within SEEDS seeds. The unflawed protocol passes the same runs
 * (chaos.test.ts).
 *
 *   MUTANT_SEEDS=100 npx vitest run engine/protocols/dynamo/mutation.test.ts
 */
const SEEDS = Number(process.env.MUTANT_SEEDS ?? 40);

interface Mutant {
  flaw: keyof Flaws;
  bug: string;
  config: Record<string, unknown>;
  /** The invariants it may break (the first violation of a run must be one of them). */
  symptoms: string[];
}

const MUTANTS: readonly Mutant[] = [
  { flaw: 'countSent', bug: 'acks counted from requests sent, not acknowledgements delivered', config: { preset: '3-2-2', sloppy: false }, symptoms: ['Acknowledged write kept'] },
  { flaw: 'readOneShort', bug: 'a get answers after R - 1 answers', config: { preset: '3-2-2', sloppy: false }, symptoms: ['Strict quorum reads are fresh'] },
  { flaw: 'dropSiblings', bug: 'a replica keeps only the newest arrival, dropping concurrent siblings', config: { preset: '3-2-2' }, symptoms: ['Acknowledged write kept', 'Replica clock monotonic'] },
  { flaw: 'reuseActor', bug: 'a node stamps with one actor even when the client missed its last stamp', config: { preset: '3-2-2', keys: 1 }, symptoms: ['Acknowledged write kept'] },
  { flaw: 'handoffWithoutAck', bug: 'a stand-in deletes a hint when it sends it, before the intended node stores it', config: { preset: '3-1-1' }, symptoms: ['Acknowledged write kept'] },
];

describe('the monitors catch planted bugs', () => {
  it.each(MUTANTS)('$flaw: $bug', ({ flaw, config, symptoms }) => {
    const protocol = makeDynamo({ [flaw]: true });
    for (let seed = 1; seed <= SEEDS; seed++) {
      const scenario = dynamoChaosScenario(seed, config);
      const summary = new InProcessRunner(scenario, { protocol }).runUntil(scenario.untilUs).summary();
      const v = summary.violations[0];
      if (v) {
        console.log(`${flaw}: caught at seed ${seed}: ${v.invariant}: ${v.message}`);
        expect(symptoms).toContain(v.invariant);
        return;
      }
    }
    throw new Error(`${flaw} was not caught in ${SEEDS} seeds`);
  });
});
