import type { ExperimentSpec } from '../../engine/experiments/spec';
import { runTrial } from '../../engine/experiments/trial';
import type { Endpoint } from '../endpoint';
import type { PoolReply, PoolRequest } from './wire';

/**
 * One worker of the experiment pool, in the page or in Node: it runs whole runs with the
 * in-process runner (one thread, every node), one after another, and posts each result as soon
 * as it has it. Cancelling terminates the worker; it keeps no state worth saving.
 */
export function servePoolWorker(endpoint: Endpoint): void {
  let spec: ExperimentSpec | null = null;
  const reply = (message: PoolReply) => endpoint.post(message);
  endpoint.listen((data) => {
    const message = data as PoolRequest;
    if (message.type === 'init') {
      spec = message.spec;
      return;
    }
    if (message.type !== 'run') return;
    if (!spec) return reply({ type: 'error', message: 'the pool worker got runs before its experiment' });
    for (const { variantIndex, seed } of message.jobs) {
      try {
        reply({ type: 'result', result: runTrial(spec, variantIndex, seed) });
      } catch (error) {
        const name = spec.variants[variantIndex]?.name ?? `variant ${variantIndex}`;
        reply({ type: 'error', message: `${name}, seed ${seed}: ${error instanceof Error ? error.message : String(error)}` });
        return;
      }
    }
  });
}
