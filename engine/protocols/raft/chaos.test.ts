import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { InProcessRunner } from '../../runner/inprocess';
import type { RunSummary } from '../../runner/summary';
import { chaosTimeline } from '../../scenario/chaos';
import { defaultScenario, type Scenario } from '../../scenario/schema';

/**
 * Jepsen-style: seeded chaotic runs of a 5-node cluster under the default write load, with
 * crashes, restarts, partitions, one-way cuts, loss and duplication for 75% of the run, then a
 * heal. Every safety invariant is checked on every event, liveness at the end.
 *
 *   RAFT_SEEDS=5000 npx vitest run engine/protocols/raft/chaos.test.ts   many more seeds
 *   RAFT_SEED=1234 npx vitest run engine/protocols/raft/chaos.test.ts    replay one seed
 */
const runs = Number(process.env.RAFT_SEEDS ?? 300);
const replay = process.env.RAFT_SEED === undefined ? null : Number(process.env.RAFT_SEED);

/** Everything about the run follows from the seed, so the seed alone replays it. */
export function chaosScenario(seed: number): Scenario {
  const nodes = 5;
  const untilUs = 5_000_000 + (seed % 6) * 1_000_000;
  // Half the runs without Pre-Vote, and a third with tiny batches, which make followers lag
  // behind the commit index in many steps (the Figure 8 shapes): every variant must stay safe
  // and live. A batch of one entry per round trip cannot carry a write every 10 ms, so those
  // runs get a lighter load.
  const maxEntriesPerAppend = [64, 1, 3][(seed >>> 1) % 3]!;
  // Log compaction at the default threshold (rare in a run this short), and small ones, so
  // servers snapshot often and a crashed or cut-off server comes back to an InstallSnapshot.
  const snapshotThreshold = [1000, 60, 5][(seed >>> 3) % 3]!;
  const base = defaultScenario({
    protocol: 'raft',
    nodes,
    seed,
    untilUs,
    config: { preVote: seed % 2 === 0, maxEntriesPerAppend, snapshotThreshold },
    network: { lossRate: 0.05, duplicateRate: 0.02 },
    workload: maxEntriesPerAppend < 64 ? { kind: 'interval', intervalUs: 50_000 } : { kind: 'default' },
  });
  const chaos = chaosTimeline({ seed, nodes, untilUs, meanGapUs: 250_000, baseLossRate: 0.05 });
  return { ...base, timeline: chaos.timeline, healedAtUs: chaos.healedAtUs };
}

function runChaos(seed: number): RunSummary {
  const scenario = chaosScenario(seed);
  return new InProcessRunner(scenario).runUntil(scenario.untilUs).summary();
}

function explain(seed: number, summary: RunSummary): string {
  const v = summary.violations[0]!;
  return (
    `seed ${seed}: ${v.invariant}: ${v.message}${v.event ? ` (event ${JSON.stringify(v.event)})` : ''}\n` +
    `replay: RAFT_SEED=${seed} npx vitest run engine/protocols/raft/chaos.test.ts`
  );
}

describe('raft under a seeded nemesis', () => {
  it(replay === null ? `stays safe and recovers after the heal (${runs} seeds)` : `replays seed ${replay}`, () => {
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
