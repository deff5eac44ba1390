import type { WorkerFactory } from './coordinator';
import { eventTargetEndpoint } from './endpoint';

/** Web Workers as node workers: one dedicated module worker per simulated node. */
export function browserWorkerFactory(): WorkerFactory {
  return {
    spawn(id) {
      const worker = new Worker(new URL('./node-worker.browser.ts', import.meta.url), {
        type: 'module',
        name: `S${id + 1}`,
      });
      const endpoint = eventTargetEndpoint(worker as never);
      return { ...endpoint, terminate: () => worker.terminate() };
    },
    channel: () => new MessageChannel(),
  };
}
