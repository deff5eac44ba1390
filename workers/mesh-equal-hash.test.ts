import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { meshChaosScenario } from '../engine/protocols/mesh/chaos-scenario';
import { InProcessRunner } from '../engine/runner/inprocess';
import type { Scenario } from '../engine/scenario/schema';
import { workerRunnerForTests } from './test-support/run-in-workers';

/**
 * The mesh in both runners, byte for byte: the seeded chaotic runs of the mesh tests (every
 * policy drawn per route, slow and failing instances, crashes, restarts, partitions, loss) in one
 * thread and across one worker per node.
 */
const runInWorkers = workerRunnerForTests();

describe('mesh: the worker runner matches the in-process runner', () => {
  it('on seeded chaotic runs (trace hash, events, messages)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 2 ** 31 - 1 }), async (seed) => {
        const full = meshChaosScenario(seed);
        const s: Scenario = { ...full, untilUs: Math.min(full.untilUs, 2_500_000) };
        const inProcess = new InProcessRunner(s).runUntil(s.untilUs).summary();
        const workers = await runInWorkers(s);
        if (workers.traceHash !== inProcess.traceHash) console.error(`hash mismatch: replay with meshChaosScenario(${seed})`);
        expect(workers.traceHash).toBe(inProcess.traceHash);
        expect(workers.events).toBe(inProcess.events);
        expect(workers.messages).toEqual(inProcess.messages);
      }),
      { numRuns: 4, verbose: 1 },
    );
  }, 300_000);
});
