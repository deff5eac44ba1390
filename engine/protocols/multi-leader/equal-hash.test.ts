import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InProcessRunner } from '../../runner/inprocess';
import { workerRunnerForTests } from '../../../workers/test-support/run-in-workers';
import { multiLeaderChaosScenario } from './chaos-scenario';

/**
 * Both runners give multi-leader replication the same trace, byte for byte: one worker thread
 * per leader (the page's runner, in Node's worker_threads) against the single-threaded runner,
 * over seeded chaotic scenarios (crashes, partitions, loss, duplication, skewed clocks).
 *
 *   ML_EQUAL_RUNS=20 npx vitest run engine/protocols/multi-leader/equal-hash.test.ts
 */
const runInWorkers = workerRunnerForTests();

describe('multi-leader: the worker runner matches the in-process runner', () => {
  it('on seeded chaotic scenarios (trace hash, events, messages, stats)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 2 ** 31 - 1 }), async (seed) => {
        const s = multiLeaderChaosScenario(seed, 1_000_000);
        const inProcess = new InProcessRunner(s).runUntil(s.untilUs).summary();
        const workers = await runInWorkers(s);
        if (workers.traceHash !== inProcess.traceHash) console.error(`multi-leader hash mismatch: replay seed ${seed}`);
        expect(workers.traceHash).toBe(inProcess.traceHash);
        expect(workers.events).toBe(inProcess.events);
        expect(workers.messages).toEqual(inProcess.messages);
        expect(workers.stats).toEqual(inProcess.stats);
      }),
      { numRuns: Number(process.env.ML_EQUAL_RUNS ?? 3), verbose: 1 },
    );
  }, 300_000);
});
