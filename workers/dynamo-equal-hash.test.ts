import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHAOS_CONFIGS, dynamoChaosScenario } from '../engine/protocols/dynamo/chaos-scenario';
import { InProcessRunner } from '../engine/runner/inprocess';
import type { Scenario } from '../engine/scenario/schema';
import { workerRunnerForTests } from './test-support/run-in-workers';

const runInWorkers = workerRunnerForTests();

describe('dynamo: the worker runner matches the in-process runner', () => {
  it('on seeded chaotic runs under every chaos setting, byte for byte (trace hash, counts, stats)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.nat(CHAOS_CONFIGS.length - 1), async (seed, c) => {
        const s = { ...dynamoChaosScenario(seed, CHAOS_CONFIGS[c]!), untilUs: 2_000_000 };
        s.timeline = s.timeline.filter((t) => t.at < s.untilUs);
        s.healedAtUs = null;
        const inProcess = new InProcessRunner(s).runUntil(s.untilUs).summary();
        const workers = await runInWorkers(s);
        if (workers.traceHash !== inProcess.traceHash) console.error(`hash mismatch: seed ${seed}`, JSON.stringify(s));
        expect(workers.traceHash).toBe(inProcess.traceHash);
        expect(workers.events).toBe(inProcess.events);
        expect(workers.stats).toEqual(inProcess.stats);
        expect(inProcess.violations).toEqual([]);
      }),
      { numRuns: 12, verbose: 1 },
    );
  });
});
