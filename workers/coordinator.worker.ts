/// <reference lib="webworker" />
/**
 * The coordinator's own Web Worker (DESIGN.md: keep it off the UI thread). It spawns one
 * nested worker per node and exposes the CoordinatorService to the page over Comlink.
 */
import * as Comlink from 'comlink';
import { browserWorkerFactory } from './browser-factory';
import { CoordinatorService } from './coordinator-service';

Comlink.expose(new CoordinatorService(browserWorkerFactory()));
