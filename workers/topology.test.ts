import { describe, expect, it } from 'vitest';
import { InProcessRunner } from '../engine/runner/inprocess';
import { observedMesh } from '../engine/scenario/topology.fixture';
import type { Scenario } from '../engine/scenario/schema';
import { workerRunnerForTests } from './test-support/run-in-workers';

const runInWorkers = workerRunnerForTests();

/**
 * Both runners agree on a run of two kinds of node with per-link latency: the worker runner's
 * windows are as long as the least latency of any link (2 ms here, not the default 10 ms), and
 * its workers draw the workload among the members only, as the in-process runner does.
 */
describe('two groups and per-link latency: the worker runner matches the in-process runner', () => {
  it.each([3, 14])('seed %i', async (seed) => {
    const s = observedMesh(seed);
    const reference = new InProcessRunner(s).runUntil(s.untilUs).summary();
    expect(reference.events).toBeGreaterThan(1000);
    const workers = await runInWorkers(s);
    expect({ traceHash: workers.traceHash, events: workers.events }).toEqual({ traceHash: reference.traceHash, events: reference.events });
  });

  it('with a link faster than the default from the start, a run that would go wrong with the default lookahead', async () => {
    // O1 <-> S1 at 1-2 ms while the default is 10-15 ms: a window of 10 ms would let S1's Pong
    // arrive inside the window it was sent in, before the worker had it.
    const base = observedMesh(5);
    const s: Scenario = { ...base, network: { ...base.network, links: [{ from: 4, to: 0, latencyUs: { min: 1_000, max: 2_000 } }] } };
    const reference = new InProcessRunner(s).runUntil(s.untilUs).summary();
    const workers = await runInWorkers(s);
    expect(workers.traceHash).toBe(reference.traceHash);
  });
});
