import * as Comlink from 'comlink';
import type { CoordinatorService } from './coordinator-service';

/** The page's handle on the coordinator worker: its Comlink proxy, and a way to end it. */
export interface CoordinatorClient {
  api: Comlink.Remote<CoordinatorService>;
  terminate(): void;
}

/** Starts the coordinator worker (the page's only way into the simulation). */
export function startCoordinator(): CoordinatorClient {
  const worker = new Worker(new URL('./coordinator.worker.ts', import.meta.url), { type: 'module', name: 'coordinator' });
  // Never set properties on the proxy itself: Comlink would try to send them to the worker.
  return { api: Comlink.wrap<CoordinatorService>(worker), terminate: () => worker.terminate() };
}
