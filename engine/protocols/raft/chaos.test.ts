import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { InProcessRunner } from '../../runner/inprocess';
import type { RunSummary } from '../../runner/summary';
import { isNemesisName, NEMESIS_NAMES, type NemesisName } from '../../scenario/nemesis';
import type { Scenario } from '../../scenario/schema';
import { raftChaosScenario } from './chaos-scenario';

/**
 * Jepsen-style: seeded chaotic runs of a 5-node cluster under the default write load, with
 * crashes, restarts, partitions, one-way cuts, loss and duplication for 75% of the run, then a
 * heal. Every safety invariant is checked on every event, liveness at the end.
 *
 *   RAFT_SEEDS=5000 npx vitest run engine/protocols/raft/chaos.test.ts   many more seeds
 *   RAFT_SEED=1234 npx vitest run engine/protocols/raft/chaos.test.ts    replay one seed
 *   RAFT_NEMESIS=steering ...                                             the steering nemesis (nemesis.ts) instead
 */
const runs = Number(process.env.RAFT_SEEDS ?? 300);
const replay = process.env.RAFT_SEED === undefined ? null : Number(process.env.RAFT_SEED);
const nemesisName = process.env.RAFT_NEMESIS ?? 'random';
if (!isNemesisName(nemesisName)) throw new Error(`RAFT_NEMESIS must be one of ${NEMESIS_NAMES.join(', ')}, got "${nemesisName}"`);
const nemesis: NemesisName = nemesisName;

/** Everything about the run follows from the seed (and the nemesis), so they alone replay it. */
export function chaosScenario(seed: number): Scenario {
  return raftChaosScenario(seed, nemesis);
}

function runChaos(seed: number): RunSummary {
  const scenario = chaosScenario(seed);
  return new InProcessRunner(scenario).runUntil(scenario.untilUs).summary();
}

function explain(seed: number, summary: RunSummary): string {
  const v = summary.violations[0]!;
  return (
    `seed ${seed}: ${v.invariant}: ${v.message}${v.event ? ` (event ${JSON.stringify(v.event)})` : ''}\n` +
    `replay: ${nemesis === 'random' ? '' : `RAFT_NEMESIS=${nemesis} `}RAFT_SEED=${seed} npx vitest run engine/protocols/raft/chaos.test.ts`
  );
}

describe('raft under a seeded nemesis', () => {
  it(replay === null ? `stays safe and recovers after the heal (${runs} seeds, ${nemesis} nemesis)` : `replays seed ${replay} (${nemesis} nemesis)`, () => {
    if (replay !== null) {
      const summary = runChaos(replay);
      console.log(JSON.stringify({ stats: summary.stats, violations: summary.violations }, null, 2));
      expect(summary.violations, summary.violations.length ? explain(replay, summary) : '').toEqual([]);
      return;
    }
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        const summary = runChaos(seed);
        if (summary.violations.length > 0) throw new Error(explain(seed, summary));
        // The run did real work: a leader was elected and writes were committed.
        if ((summary.stats.committed as number) === 0) throw new Error(`seed ${seed}: nothing committed`);
      }),
      { numRuns: runs },
    );
  });
});
