import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InProcessRunner } from '../../runner/inprocess';
import { workerRunnerForTests } from '../../../workers/test-support/run-in-workers';
import { locksChaosScenario } from './chaos-scenario';
import { consensusLeaderCrash } from './scenarios';

/**
 * Both runners give the lock service the same trace, byte for byte: one worker thread per node
 * (the page's runner, in Node's worker_threads) against the single-threaded runner, on the
 * consensus built-in (a pause, a crash, an election) and seeded chaotic ones.
 *
 *   LOCKS_EQUAL_RUNS=20 npx vitest run engine/protocols/locks/equal-hash.test.ts
 */
const runInWorkers = workerRunnerForTests();

async function same(s: ReturnType<typeof locksChaosScenario>, seed: number | string) {
  const inProcess = new InProcessRunner(s).runUntil(s.untilUs).summary();
  const workers = await runInWorkers(s);
  if (workers.traceHash !== inProcess.traceHash) console.error(`locks hash mismatch: replay ${seed}`);
  expect(workers.traceHash).toBe(inProcess.traceHash);
  expect(workers.events).toBe(inProcess.events);
  expect(workers.stats).toEqual(inProcess.stats);
}

describe('locks: the worker runner matches the in-process runner', () => {
  it('on the consensus lock\'s built-in scenario', async () => {
    await same(consensusLeaderCrash(), 'locks-consensus-leader-crash');
  }, 120_000);

  it('on seeded chaotic scenarios (trace hash, events, stats)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 2 ** 31 - 1 }), async (seed) => same(locksChaosScenario(seed), `seed ${seed}`)),
      { numRuns: Number(process.env.LOCKS_EQUAL_RUNS ?? 2), verbose: 1 },
    );
  }, 300_000);
});
