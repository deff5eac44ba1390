import { Worker } from 'node:worker_threads';
import type { WorkerFactory, WorkerHandle } from './coordinator';
import { bundleForNode } from './node-bundle';

/** Node's worker_threads as node workers: the runner the CLI, tests and benchmarks use. */
export async function nodeWorkerFactory(): Promise<WorkerFactory> {
  const file = await bundleForNode('node-worker.node.ts');
  return {
    spawn(): WorkerHandle {
      // execArgv: [] keeps the parent's loaders (tsx) out: the bundle is plain JavaScript.
      const worker = new Worker(file, { execArgv: process.env.QP_PROFILE_WORKERS ? ['--cpu-prof', `--cpu-prof-dir=${process.env.QP_PROFILE_WORKERS}`] : [] });
      return {
        post: (message, transfer) => worker.postMessage(message, (transfer ?? []) as never),
        listen: (handler) => void worker.on('message', handler),
        terminate: () => worker.terminate(),
      };
    },
    channel: () => new MessageChannel() as never,
  };
}
