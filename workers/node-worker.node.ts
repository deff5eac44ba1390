/** Entry of a node worker in Node (worker_threads), bundled by node-factory.ts. */
import { parentPort } from 'node:worker_threads';
import { eventTargetEndpoint } from './endpoint';
import { NodeWorkerCore } from './node-worker-core';

if (!parentPort) throw new Error('node-worker.node.ts must run in a worker thread');
new NodeWorkerCore(eventTargetEndpoint(parentPort as never));
