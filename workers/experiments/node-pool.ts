import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ExperimentSpec } from '../../engine/experiments/spec';
import { bundleForNode } from '../node-bundle';
import { runPool, type PoolFactory, type PoolOptions, type PoolResult } from './pool';
import type { PoolReply } from './wire';

/** Node's worker_threads as pool workers. */
export async function nodePoolFactory(): Promise<PoolFactory> {
  const file = await bundleForNode('experiments/pool-worker.node.ts');
  return {
    spawn(index) {
      // execArgv: [] keeps the parent's loaders (tsx) out: the bundle is plain JavaScript.
      const worker = new Worker(file, { execArgv: [], name: `experiment-${index + 1}` });
      return {
        post: (message) => worker.postMessage(message),
        onMessage: (handler) => void worker.on('message', (data: PoolReply) => handler(data)),
        onError: (handler) => void worker.on('error', (error: Error) => handler(error.message)),
        terminate: () => void worker.terminate(),
      };
    },
  };
}

/** One worker per core the machine offers, by default. */
export function defaultNodeWorkers(): number {
  return Math.max(1, availableParallelism());
}

/** Runs an experiment on worker_threads (the CLI, tests). */
export async function runExperimentInNode(spec: ExperimentSpec, options: PoolOptions = {}): Promise<PoolResult> {
  return runPool(spec, await nodePoolFactory(), { workers: defaultNodeWorkers(), ...options });
}
