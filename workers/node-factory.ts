import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { WorkerFactory, WorkerHandle } from './coordinator';

const here = dirname(fileURLToPath(import.meta.url));
let bundled: Promise<string> | null = null;

/**
 * Node cannot start a worker from TypeScript, so the node worker entry is bundled once per
 * process with esbuild (the same adapter code the page runs; only the entry differs).
 */
function bundleNodeWorker(): Promise<string> {
  bundled ??= (async () => {
    const { build } = await import('esbuild');
    const dir = join(here, '..', 'node_modules', '.cache', 'quorum-playground');
    mkdirSync(dir, { recursive: true });
    const outfile = join(dir, `node-worker-${process.pid}-${Math.floor(performance.now())}.mjs`);
    await build({
      entryPoints: [join(here, 'node-worker.node.ts')],
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

/** Node's worker_threads as node workers: the runner the CLI, tests and benchmarks use. */
export async function nodeWorkerFactory(): Promise<WorkerFactory> {
  const file = await bundleNodeWorker();
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
