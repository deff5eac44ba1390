import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InProcessRunner } from '../engine/runner/inprocess';
import { chaosTimeline } from '../engine/scenario/chaos';
import { defaultScenario, type Scenario } from '../engine/scenario/schema';
import { workerRunnerForTests } from './test-support/run-in-workers';

/**
 * Raft with client nodes (engine/protocols/raft/client-node.ts) in both runners: the clients are
 * workers like the servers, their requests cross MessageChannels, and the trace is the same.
 */
const runInWorkers = workerRunnerForTests();

describe('Raft with client nodes: both runners give one trace', () => {
  it('chaos seeds (crashes, partitions, loss) with 3 servers and 2 clients', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 0xffffffff }), async (seed) => {
        const untilUs = 1_000_000;
        const base = defaultScenario({
          protocol: 'raft',
          nodes: 5,
          seed,
          untilUs,
          config: { readFraction: 0.3 },
          topology: { groups: [{ kind: 'server', count: 3 }, { kind: 'client', count: 2 }] },
          network: { lossRate: 0.05, duplicateRate: 0.02 },
        });
        const chaos = chaosTimeline({ seed, nodes: 5, untilUs, meanGapUs: 100_000 });
        const s: Scenario = { ...base, timeline: chaos.timeline, healedAtUs: chaos.healedAtUs };
        const inProcess = new InProcessRunner(s).runUntil(untilUs).summary();
        const workers = await runInWorkers(s);
        expect(workers.traceHash, `seed ${seed}`).toBe(inProcess.traceHash);
        expect(inProcess.events).toBeGreaterThan(100);
      }),
      { numRuns: 4, seed: 20261205 },
    );
  }, 120_000);
});
