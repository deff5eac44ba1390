import { describe, expect, it } from 'vitest';
import { slowMemberScenario } from '../engine/protocols/swim/experiments';
import { InProcessRunner } from '../engine/runner/inprocess';
import { defaultScenario, type Scenario } from '../engine/scenario/schema';
import { workerRunnerForTests } from './test-support/run-in-workers';

/**
 * The slow-node fault (kernel/node-host.ts `backlog`) in both runners, byte for byte: a message
 * that reaches a slow node is queued again at the node's own worker, DELAY later, so the worker
 * runner must hand it to the node at the same key the in-process heap does. Slowness switched on
 * and off, a crash that loses the backlog, a restart of a slow node, loss on top; SWIM's slow
 * member (the experiment's scenario) and ping.
 */
const runInWorkers = workerRunnerForTests();

async function expectSameHash(s: Scenario): Promise<void> {
  const inProcess = new InProcessRunner(s).runUntil(s.untilUs).summary();
  const workers = await runInWorkers(s);
  if (workers.traceHash !== inProcess.traceHash) console.error(`hash mismatch, replay: ${JSON.stringify(s)}`);
  expect(workers.traceHash).toBe(inProcess.traceHash);
  expect(workers.events).toBe(inProcess.events);
  expect(workers.messages).toEqual(inProcess.messages);
}

describe('a slow node: the worker runner matches the in-process runner', () => {
  it('SWIM with a slow member, with and without Lifeguard, with loss', async () => {
    for (const [seed, lifeguard, lossRate] of [[1, true, 0], [2, false, 0.1]] as const) {
      const s = slowMemberScenario(6, 1500, lossRate, lifeguard, seed, 12_000_000);
      await expectSameHash(s);
    }
  }, 120_000);

  it('ping with slowness on and off, a crash that loses the backlog and a restart', async () => {
    const s = defaultScenario({
      protocol: 'ping',
      nodes: 4,
      seed: 9,
      untilUs: 6_000_000,
      network: { latencyUs: { min: 5_000, max: 20_000 }, lossRate: 0.05 },
      timeline: [
        { at: 500_000, action: { kind: 'slow', node: 1, delayUs: 250_000 } },
        { at: 800_000, action: { kind: 'slow', node: 2, delayUs: 40_000 } },
        { at: 1_500_000, action: { kind: 'crash', node: 1 } },
        { at: 2_000_000, action: { kind: 'restart', node: 1 } },
        { at: 3_000_000, action: { kind: 'slow', node: 2, delayUs: 0 } },
        { at: 3_500_000, action: { kind: 'slow', node: 1, delayUs: 0 } },
      ],
    });
    await expectSameHash(s);
  }, 60_000);
});
