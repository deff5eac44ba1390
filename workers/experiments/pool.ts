import { summarizeExperiment, type ExperimentResult } from '../../engine/experiments/results';
import { runCount, trials, type ExperimentSpec } from '../../engine/experiments/spec';
import type { TrialResult } from '../../engine/experiments/trial';
import type { PoolReply, PoolRequest } from './wire';

/**
 * The experiment pool: N workers (Web Workers in the page, worker_threads in Node), each running
 * whole runs with the in-process runner, one seed and variant at a time. It hands out small
 * batches so fast workers take more, reports progress after every run, and cancels by
 * terminating every worker at once. Results are sorted by variant and seed, so the outcome is
 * the same whatever the number of workers or the order they finished in.
 */

/** One worker as the pool sees it; only the factories know whether it is a browser or Node one. */
export interface PoolWorker {
  post(message: PoolRequest): void;
  onMessage(handler: (message: PoolReply) => void): void;
  /** The worker died (a script that failed to load, an uncaught error, out of memory). */
  onError(handler: (message: string) => void): void;
  terminate(): void;
}

export interface PoolFactory {
  spawn(index: number): PoolWorker;
}

export interface Progress {
  done: number;
  total: number;
  workers: number;
  /** Runs so far that violated an invariant. */
  failures: number;
}

export interface PoolOptions {
  onProgress?: (progress: Progress) => void;
  signal?: AbortSignal;
  /** How many workers (at most one per run); default 1. */
  workers?: number;
}

export interface PoolResult extends ExperimentResult {
  workers: number;
  wallMs: number;
}

/** Thrown when the signal aborts the experiment (its name is "AbortError", like fetch's). */
export class ExperimentCancelled extends Error {
  override name = 'AbortError';
  constructor() {
    super('the experiment was cancelled');
  }
}

/** Runs per batch: small enough to balance the load, large enough to keep messages rare. */
function batchSize(remaining: number, workers: number): number {
  return Math.max(1, Math.min(8, Math.floor(remaining / (workers * 4))));
}

export function runPool(spec: ExperimentSpec, factory: PoolFactory, options: PoolOptions = {}): Promise<PoolResult> {
  const { signal, onProgress } = options;
  const total = runCount(spec);
  const count = Math.max(1, Math.min(Math.floor(options.workers ?? 1), total));
  const started = performance.now();
  return new Promise<PoolResult>((resolve, reject) => {
    if (signal?.aborted) return reject(new ExperimentCancelled());
    const queue = [...trials(spec)];
    const results: TrialResult[] = [];
    const workers: PoolWorker[] = [];
    const pending: number[] = [];
    let failures = 0;
    let over = false;

    const finish = (error: Error | null) => {
      if (over) return;
      over = true;
      signal?.removeEventListener('abort', onAbort);
      for (const w of workers) w.terminate();
      if (error) return reject(error);
      try {
        const summary = summarizeExperiment(spec, results);
        resolve({ ...summary, workers: count, wallMs: Math.round(performance.now() - started) });
      } catch (e) {
        reject(e as Error);
      }
    };
    const onAbort = () => finish(new ExperimentCancelled());
    signal?.addEventListener('abort', onAbort, { once: true });

    const dispatch = (i: number) => {
      if (queue.length === 0) return;
      const jobs = queue.splice(0, batchSize(queue.length, count));
      pending[i] = jobs.length;
      workers[i]!.post({ type: 'run', jobs });
    };

    for (let i = 0; i < count; i++) {
      let worker: PoolWorker;
      try {
        worker = factory.spawn(i);
      } catch (error) {
        return finish(error as Error);
      }
      workers.push(worker);
      pending.push(0);
      worker.onMessage((message) => {
        if (over) return;
        if (message.type === 'error') return finish(new Error(message.message));
        results.push(message.result);
        if (message.result.violations.length > 0) failures++;
        onProgress?.({ done: results.length, total, workers: count, failures });
        if (results.length === total) return finish(null);
        if (--pending[i]! === 0) dispatch(i);
      });
      worker.onError((message) => finish(new Error(`an experiment worker failed: ${message}`)));
      worker.post({ type: 'init', spec });
    }
    onProgress?.({ done: 0, total, workers: count, failures: 0 });
    for (let i = 0; i < count; i++) dispatch(i);
  });
}
