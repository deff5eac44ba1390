import * as Comlink from 'comlink';
import type { CoordinatorService } from './coordinator-service';

export type CoordinatorClient = Comlink.Remote<CoordinatorService> & { terminate(): void };

/** Starts the coordinator worker and returns its Comlink proxy (the page's only way in). */
export function startCoordinator(): CoordinatorClient {
  const worker = new Worker(new URL('./coordinator.worker.ts', import.meta.url), { type: 'module', name: 'coordinator' });
  const remote = Comlink.wrap<CoordinatorService>(worker) as CoordinatorClient;
  return Object.assign(remote, { terminate: () => worker.terminate() });
}
