import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { twoPcChaosScenario } from '../engine/protocols/2pc/chaos-scenario';
import { InProcessRunner } from '../engine/runner/inprocess';
import type { Scenario } from '../engine/scenario/schema';
import { workerRunnerForTests } from './test-support/run-in-workers';

/**
 * Two-phase commit in both runners, byte for byte: the seeded chaotic runs of the 2pc tests
 * (coordinator and participant crashes, partitions, cuts, loss, transactions that conflict) in
 * one thread and across one worker per node.
 */
const runInWorkers = workerRunnerForTests();

describe('2pc: the worker runner matches the in-process runner', () => {
  it('on seeded chaotic runs (trace hash, events, messages, stats)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 2 ** 31 - 1 }), async (seed) => {
        const full = twoPcChaosScenario(seed);
        const s: Scenario = { ...full, untilUs: Math.min(full.untilUs, 3_000_000) };
        const inProcess = new InProcessRunner(s).runUntil(s.untilUs).summary();
        const workers = await runInWorkers(s);
        if (workers.traceHash !== inProcess.traceHash) console.error(`hash mismatch: replay with twoPcChaosScenario(${seed})`);
        expect(workers.traceHash).toBe(inProcess.traceHash);
        expect(workers.events).toBe(inProcess.events);
        expect(workers.stats).toEqual(inProcess.stats);
      }),
      { numRuns: 6, verbose: 1 },
    );
  }, 300_000);

  it('on seeded chaotic runs of Paxos Commit and of cooperative termination', async () => {
    for (const mode of [{ commit: 'paxos' }, { cooperative: true }] as const) {
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 0, max: 2 ** 31 - 1 }), async (seed) => {
          const full = twoPcChaosScenario(seed, mode);
          const s: Scenario = { ...full, untilUs: Math.min(full.untilUs, 3_000_000) };
          const inProcess = new InProcessRunner(s).runUntil(s.untilUs).summary();
          const workers = await runInWorkers(s);
          if (workers.traceHash !== inProcess.traceHash) console.error(`hash mismatch: replay with twoPcChaosScenario(${seed}, ${JSON.stringify(mode)})`);
          expect(workers.traceHash).toBe(inProcess.traceHash);
          expect(workers.events).toBe(inProcess.events);
          expect(workers.stats).toEqual(inProcess.stats);
        }),
        { numRuns: 3, verbose: 1 },
      );
    }
  }, 300_000);
});
