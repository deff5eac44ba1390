import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { workerRunnerForTests } from '../../../workers/test-support/run-in-workers';
import { InProcessRunner } from '../../runner/inprocess';
import type { Scenario } from '../../scenario/schema';
import { retryStormThrottled } from './builtin-scenarios';
import { meshChaosPlusScenario } from './chaos-plus';

/**
 * mTLS (a CA and its certificates, a stranger), header routes, mirrors, leaky buckets and deadline
 * propagation in both runners, byte for byte: chaos-plus.ts's runs in one thread and across one worker per node
 * (workers/mesh-equal-hash.test.ts does the same for the base chaos runs).
 */
const runInWorkers = workerRunnerForTests();

describe('mesh with mTLS, header routes and mirrors: the worker runner matches the in-process runner', () => {
  it('on seeded chaotic runs (trace hash, events, messages)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 2 ** 31 - 1 }), async (seed) => {
        const full = meshChaosPlusScenario(seed);
        const s: Scenario = { ...full, untilUs: Math.min(full.untilUs, 1_500_000) };
        const inProcess = new InProcessRunner(s).runUntil(s.untilUs).summary();
        const workers = await runInWorkers(s);
        if (workers.traceHash !== inProcess.traceHash) console.error(`hash mismatch: replay with meshChaosPlusScenario(${seed})`);
        expect(workers.traceHash).toBe(inProcess.traceHash);
        expect(workers.events).toBe(inProcess.events);
        expect(workers.messages).toEqual(inProcess.messages);
      }),
      { numRuns: 2, verbose: 1 },
    );
  }, 300_000);

  it('on the retry storm with deadlines and adaptive throttling, through its drops and first rejections (7.7 s)', async () => {
    const s: Scenario = { ...retryStormThrottled(), untilUs: 7_700_000 };
    const inProcess = new InProcessRunner(s).runUntil(s.untilUs).summary();
    const workers = await runInWorkers(s);
    expect((inProcess.stats.deadlines as { expired: number }).expired).toBeGreaterThan(100);
    const routes = inProcess.stats.routes as Record<string, { rejected: Record<string, number> }>;
    expect(Object.values(routes).some((r) => (r.rejected.throttle ?? 0) > 0)).toBe(true);
    expect(workers.traceHash).toBe(inProcess.traceHash);
    expect(workers.events).toBe(inProcess.events);
  }, 120_000);
});
