import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { swimChaosScenario } from '../engine/protocols/swim/chaos-scenario';
import { InProcessRunner } from '../engine/runner/inprocess';
import type { Scenario } from '../engine/scenario/schema';
import { workerRunnerForTests } from './test-support/run-in-workers';

/**
 * SWIM in both runners, byte for byte: the seeded chaotic runs of the SWIM tests (crashes,
 * restarts, partitions, cuts, loss, a leave) in one thread and across one worker per member.
 */
const runInWorkers = workerRunnerForTests();

describe('swim: the worker runner matches the in-process runner', () => {
  it('on seeded chaotic runs (trace hash, events, messages)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 2 ** 31 - 1 }), async (seed) => {
        // The first 4 s: the nemesis's faults, the crash and the leave after its heal are in it.
        const full = swimChaosScenario(seed);
        const s: Scenario = { ...full, untilUs: Math.min(full.untilUs, full.healedAtUs! + 1_500_000) };
        const inProcess = new InProcessRunner(s).runUntil(s.untilUs).summary();
        const workers = await runInWorkers(s);
        if (workers.traceHash !== inProcess.traceHash) console.error(`hash mismatch: replay with swimChaosScenario(${seed})`);
        expect(workers.traceHash).toBe(inProcess.traceHash);
        expect(workers.events).toBe(inProcess.events);
        expect(workers.messages).toEqual(inProcess.messages);
      }),
      { numRuns: 8, verbose: 1 },
    );
  }, 300_000);
});
