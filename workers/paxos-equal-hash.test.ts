import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { multiPaxosChaosScenario } from '../engine/protocols/multi-paxos/chaos-scenario';
import { forgetfulAcceptorScenario } from '../engine/protocols/paxos/forgetful-scenario';
import { paxosChaosScenario } from '../engine/protocols/paxos/chaos-scenario';
import { InProcessRunner } from '../engine/runner/inprocess';
import type { Scenario } from '../engine/scenario/schema';
import { workerRunnerForTests } from './test-support/run-in-workers';

/**
 * Paxos and Multi-Paxos in both runners, byte for byte: their seeded chaotic runs (crashes,
 * bounces, partitions, cuts, loss, duplicates; users proposing; clients reading and writing) in
 * one thread and across one worker per node, and the staged run of the forgetful acceptor.
 */
const runInWorkers = workerRunnerForTests();

async function sameInBoth(s: Scenario, replay: string): Promise<void> {
  const inProcess = new InProcessRunner(s).runUntil(s.untilUs).summary();
  const workers = await runInWorkers(s);
  if (workers.traceHash !== inProcess.traceHash) console.error(`hash mismatch: replay with ${replay}`);
  expect(workers.traceHash).toBe(inProcess.traceHash);
  expect(workers.events).toBe(inProcess.events);
  expect(workers.messages).toEqual(inProcess.messages);
  expect(workers.stats).toEqual(inProcess.stats);
}

describe('paxos and multi-paxos: the worker runner matches the in-process runner', () => {
  it('on the staged forgetful-acceptor run and seeded chaotic single-decree runs', async () => {
    await sameInBoth(forgetfulAcceptorScenario(), 'forgetfulAcceptorScenario()');
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 2 ** 31 - 1 }), async (seed) => {
        const full = paxosChaosScenario(seed);
        // The first 400 ms: bounces every 15 ms restart workers often, which is what costs here.
        await sameInBoth({ ...full, untilUs: Math.min(full.untilUs, 400_000) }, `paxosChaosScenario(${seed})`);
      }),
      { numRuns: 2, verbose: 1 },
    );
  }, 300_000);

  it('on seeded chaotic Multi-Paxos runs with clients', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 2 ** 31 - 1 }), async (seed) => {
        const full = multiPaxosChaosScenario(seed);
        await sameInBoth({ ...full, untilUs: Math.min(full.untilUs, 1_000_000) }, `multiPaxosChaosScenario(${seed})`);
      }),
      { numRuns: 2, verbose: 1 },
    );
  }, 300_000);
});
