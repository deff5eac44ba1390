/// <reference lib="webworker" />
/** Entry of a node worker in the page: a dedicated Web Worker, one per simulated node. */
import { eventTargetEndpoint } from './endpoint';
import { NodeWorkerCore } from './node-worker-core';

new NodeWorkerCore(eventTargetEndpoint(self as never));
