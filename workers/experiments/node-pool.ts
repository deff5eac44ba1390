import { mkdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ExperimentSpec } from '../../engine/experiments/spec';
import { runPool, type PoolFactory, type PoolOptions, type PoolResult } from './pool';
import type { PoolReply } from './wire';

const here = dirname(fileURLToPath(import.meta.url));
let bundled: Promise<string> | null = null;

/** Node cannot start a worker from TypeScript: the entry is bundled once per process (as node-factory.ts does). */
function bundlePoolWorker(): Promise<string> {
  bundled ??= (async () => {
    const { build } = await import('esbuild');
    const dir = join(here, '..', '..', 'node_modules', '.cache', 'quorum-playground');
    mkdirSync(dir, { recursive: true });
    const outfile = join(dir, `pool-worker-${process.pid}-${Math.floor(performance.now())}.mjs`);
    await build({
      entryPoints: [join(here, 'pool-worker.node.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outfile,
      logLevel: 'error',
    });
    return outfile;
  })();
  return bundled;
}

/** Node's worker_threads as pool workers. */
export async function nodePoolFactory(): Promise<PoolFactory> {
  const file = await bundlePoolWorker();
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
