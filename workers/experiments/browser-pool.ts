import type { ExperimentSpec } from '../../engine/experiments/spec';
import { runPool, type PoolFactory, type PoolOptions, type PoolResult } from './pool';
import type { PoolReply } from './wire';

/** Web Workers as pool workers (the page). */
export function browserPoolFactory(): PoolFactory {
  return {
    spawn(index) {
      const worker = new Worker(new URL('./pool-worker.browser.ts', import.meta.url), { type: 'module', name: `experiment-${index + 1}` });
      return {
        post: (message) => worker.postMessage(message),
        onMessage: (handler) => worker.addEventListener('message', (event: MessageEvent<PoolReply>) => handler(event.data)),
        onError: (handler) =>
          worker.addEventListener('error', (event: ErrorEvent) => {
            event.preventDefault();
            handler(event.message || 'the worker could not start');
          }),
        terminate: () => worker.terminate(),
      };
    },
  };
}

/**
 * How many workers the page uses: one per core, at most 8 (more rarely helps and each costs
 * memory). The interactive cluster is separate: one worker per simulated node, as always.
 */
export function defaultPageWorkers(): number {
  const cores = typeof navigator !== 'undefined' && navigator.hardwareConcurrency > 0 ? navigator.hardwareConcurrency : 4;
  return Math.max(1, Math.min(cores, 8));
}

/** Runs an experiment on Web Workers. */
export function runExperimentInPage(spec: ExperimentSpec, options: PoolOptions = {}): Promise<PoolResult> {
  return runPool(spec, browserPoolFactory(), { workers: defaultPageWorkers(), ...options });
}
