import * as Comlink from 'comlink';
import type { CoordinatorService } from './coordinator-service';

/** The page's handle on the coordinator worker: its Comlink proxy, and a way to end it. */
export interface CoordinatorClient {
  api: Comlink.Remote<CoordinatorService>;
  terminate(): void;
}

/**
 * Starts the coordinator's Web Worker alone (no Comlink yet): the page's entry script calls it
 * before the rest of the page has loaded, so the worker's script loads meanwhile (app/main.tsx).
 * Comlink's calls made later wait for the worker's `expose` as they always do.
 */
export function spawnCoordinatorWorker(): Worker {
  return new Worker(new URL('./coordinator.worker.ts', import.meta.url), { type: 'module', name: 'coordinator' });
}

/** Wraps a coordinator worker (a fresh one by default): the page's only way into the simulation. */
export function startCoordinator(worker: Worker = spawnCoordinatorWorker()): CoordinatorClient {
  // Never set properties on the proxy itself: Comlink would try to send them to the worker.
  return { api: Comlink.wrap<CoordinatorService>(worker), terminate: () => worker.terminate() };
}
