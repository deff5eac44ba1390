import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InProcessRunner } from '../../runner/inprocess';
import { workerRunnerForTests } from '../../../workers/test-support/run-in-workers';
import { pbftChaosScenario } from './chaos-scenario';

/**
 * Both runners give PBFT the same trace, byte for byte: one worker thread per node (the page's
 * runner, in Node's worker_threads) against the single-threaded runner, over the seeded chaotic
 * scenarios with byzantine replicas (forged sends are part of the hash).
 */
const runInWorkers = workerRunnerForTests();

describe('pbft: the worker runner matches the in-process runner', () => {
  it('on seeded chaotic scenarios with byzantine replicas (trace hash, events, messages, stats)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 2 ** 31 - 1 }), async (seed) => {
        const full = pbftChaosScenario(seed);
        const s = { ...full, untilUs: Math.min(full.untilUs, 2_500_000) };
        const inProcess = new InProcessRunner(s).runUntil(s.untilUs).summary();
        const workers = await runInWorkers(s);
        if (workers.traceHash !== inProcess.traceHash) console.error(`pbft hash mismatch: replay seed ${seed}`);
        expect(workers.traceHash).toBe(inProcess.traceHash);
        expect(workers.events).toBe(inProcess.events);
        expect(workers.messages).toEqual(inProcess.messages);
        expect(workers.stats).toEqual(inProcess.stats);
      }),
      { numRuns: Number(process.env.PBFT_EQUAL_RUNS ?? 4), verbose: 1 },
    );
  }, 300_000);
});
