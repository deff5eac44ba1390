import { describe, expect, it } from 'vitest';
import { builtinExperiment } from '../../engine/experiments/builtins';
import { defaultScenario } from '../../engine/scenario/schema';
import { parseExperiment, withSeeds } from '../../engine/experiments/spec';
import { runTrial } from '../../engine/experiments/trial';
import { ExperimentCancelled, runPool, type PoolFactory, type Progress } from './pool';
import { nodePoolFactory } from './node-pool';
import { servePoolWorker } from './pool-worker-core';
import type { PoolReply, PoolRequest } from './wire';

// Figure 16's three fastest variants: quick runs, still three variants.
const spec = () => {
  const f = withSeeds(builtinExperiment('figure16'), 1, 8);
  return { ...f, variants: f.variants.slice(3) };
};

/** An in-thread "worker" that runs the real core behind an asynchronous boundary, in any order. */
function fakeFactory(shuffle: boolean): PoolFactory {
  return {
    spawn() {
      let toPool: (m: PoolReply) => void = () => undefined;
      let toWorker: (m: unknown) => void = () => undefined;
      let dead = false;
      servePoolWorker({
        post: (m) => {
          const delay = shuffle ? Math.floor(Math.random() * 3) : 0;
          setTimeout(() => !dead && toPool(m as PoolReply), delay);
        },
        listen: (h) => (toWorker = h),
      });
      return {
        post: (m: PoolRequest) => setTimeout(() => !dead && toWorker(structuredClone(m)), 0),
        onMessage: (h) => (toPool = h),
        onError: () => undefined,
        terminate: () => void (dead = true),
      };
    },
  };
}

describe('the experiment pool', () => {
  it('gives the same per-seed results with 1 or 3 workers, in Node worker_threads, as one thread does', async () => {
    const s = spec();
    const factory = await nodePoolFactory();
    const one = await runPool(s, factory, { workers: 1 });
    const three = await runPool(s, factory, { workers: 3 });
    expect(one.workers).toBe(1);
    expect(three.workers).toBe(3);
    expect(three.trials).toEqual(one.trials);
    expect(three.variants).toEqual(one.variants);
    expect(one.trials).toHaveLength(24);
    expect(one.trials.map((t) => [t.variantIndex, t.seed])).toEqual(s.variants.flatMap((_, v) => [1, 2, 3, 4, 5, 6, 7, 8].map((seed) => [v, seed])));
    expect(one.trials[5]).toEqual(runTrial(s, 0, 6));
  });

  it('sorts results that arrive in any order', async () => {
    const s = spec();
    const a = await runPool(s, fakeFactory(true), { workers: 4 });
    const b = await runPool(s, fakeFactory(false), { workers: 2 });
    expect(a.trials).toEqual(b.trials);
  });

  it('reports progress after every run', async () => {
    const seen: Progress[] = [];
    await runPool(spec(), fakeFactory(false), { workers: 2, onProgress: (p) => seen.push(p) });
    expect(seen[0]).toEqual({ done: 0, total: 24, workers: 2, failures: 0 });
    expect(seen.map((p) => p.done)).toEqual(Array.from({ length: 25 }, (_, i) => i));
  });

  it('cancels promptly: every worker is terminated and the promise rejects', async () => {
    const long = withSeeds(builtinExperiment('figure16'), 1, 400);
    const factory = await nodePoolFactory();
    const controller = new AbortController();
    let terminated = 0;
    const counting: PoolFactory = {
      spawn(i) {
        const w = factory.spawn(i);
        return { ...w, terminate: () => (terminated++, w.terminate()) };
      },
    };
    const started = performance.now();
    const run = runPool(long, counting, {
      workers: 2,
      signal: controller.signal,
      onProgress: (p) => p.done === 3 && controller.abort(),
    });
    await expect(run).rejects.toBeInstanceOf(ExperimentCancelled);
    expect(terminated).toBe(2);
    expect(performance.now() - started).toBeLessThan(10_000);
    await expect(runPool(long, counting, { signal: AbortSignal.abort() })).rejects.toThrow(/cancelled/);
  });

  it('rejects with the message of a run that failed', async () => {
    const s = parseExperiment({ experiment: 2, name: 'x', scenario: defaultScenario({ protocol: 'raft', seed: 0, untilUs: 1_000_000 }), seeds: { from: 1, to: 2 }, measures: ['raft.firstLeaderMs'] });
    // Smuggle in a setting the protocol refuses, past validation.
    const broken = { ...s, variants: [{ name: 'broken', config: { heartbeatIntervalMs: 'often' }, network: {} }] };
    await expect(runPool(broken, fakeFactory(false), { workers: 1 })).rejects.toThrow(/^broken, seed 1: protocol.config: heartbeatIntervalMs must be a number/);
  });
});
