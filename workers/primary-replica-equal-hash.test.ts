import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { primaryReplicaChaosScenario } from '../engine/protocols/primary-replica/chaos-scenario';
import { splitBrainScenario } from '../engine/protocols/primary-replica/scenarios';
import { InProcessRunner } from '../engine/runner/inprocess';
import type { Scenario } from '../engine/scenario/schema';
import { workerRunnerForTests } from './test-support/run-in-workers';

/**
 * Primary and replicas in both runners, byte for byte: the seeded chaotic runs (crashes, pauses,
 * partitions, cuts, loss, failovers) and the split-brain built-in (a pause, a slow link to the
 * lease store, cut client links), in one thread and across one worker per node.
 */
const runInWorkers = workerRunnerForTests();

async function same(s: Scenario, what: string) {
  const inProcess = new InProcessRunner(s).runUntil(s.untilUs).summary();
  const workers = await runInWorkers(s);
  if (workers.traceHash !== inProcess.traceHash) console.error(`hash mismatch: ${what}`);
  expect(workers.traceHash).toBe(inProcess.traceHash);
  expect(workers.events).toBe(inProcess.events);
  expect(workers.messages).toEqual(inProcess.messages);
}

describe('primary-replica: the worker runner matches the in-process runner', () => {
  it('on the split-brain scenario', async () => {
    const s = splitBrainScenario(false);
    await same({ ...s, untilUs: 11_000_000 }, 'splitBrainScenario(false)');
  }, 120_000);

  it('on seeded chaotic runs (trace hash, events, messages)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 2 ** 31 - 1 }), async (seed) => {
        const full = primaryReplicaChaosScenario(seed);
        await same({ ...full, untilUs: Math.min(full.untilUs, full.healedAtUs! + 500_000) }, `primaryReplicaChaosScenario(${seed})`);
      }),
      { numRuns: 3, verbose: 1 },
    );
  }, 300_000);
});
