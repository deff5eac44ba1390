import type { WorkerFactory } from './coordinator';
import { eventTargetEndpoint } from './endpoint';

/** Web Workers as node workers: one dedicated module worker per simulated node. */
export function browserWorkerFactory(): WorkerFactory {
  return {
    spawn(_id, name) {
      const worker = new Worker(new URL('./node-worker.browser.ts', import.meta.url), {
        type: 'module',
        // The node's name from the topology ("S1", "C2"), as devtools list the workers.
        name,
      });
      const endpoint = eventTargetEndpoint(worker as never);
      return { ...endpoint, terminate: () => worker.terminate() };
    },
    channel: () => new MessageChannel(),
  };
}
