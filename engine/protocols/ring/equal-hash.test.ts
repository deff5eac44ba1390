import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InProcessRunner } from '../../runner/inprocess';
import type { Scenario } from '../../scenario/schema';
import { workerRunnerForTests } from '../../../workers/test-support/run-in-workers';
import { ringChaosScenario } from './chaos-scenario';

/**
 * Both runners give the ring the same trace, byte for byte: one worker thread per node (the
 * page's runner, in Node's worker_threads) against the single-threaded runner, over seeded
 * chaotic scenarios with joins and leaves (workers/equal-hash.test.ts does the same for Raft).
 */
const runInWorkers = workerRunnerForTests();

describe('ring: the worker runner matches the in-process runner', () => {
  it('on seeded chaotic scenarios (trace hash, events, messages, violations)', async () => {
    await fc.assert(
      fc.asyncProperty(ringChaosScenario({ untilUs: 1_500_000 }), async (s) => {
        const inProcess = new InProcessRunner(s).runUntil(s.untilUs).summary();
        const workers = await runInWorkers(s);
        if (workers.traceHash !== inProcess.traceHash) console.error(`ring hash mismatch: replay seed ${s.seed}`, JSON.stringify(s));
        expect(workers.traceHash).toBe(inProcess.traceHash);
        expect(workers.events).toBe(inProcess.events);
        expect(workers.messages).toEqual(inProcess.messages);
        expect(workers.stats).toEqual(inProcess.stats);
      }),
      { numRuns: Number(process.env.RING_EQUAL_RUNS ?? 12), verbose: 1 },
    );
  }, 300_000);
});
