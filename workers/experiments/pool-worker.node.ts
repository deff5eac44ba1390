/** Entry of an experiment pool worker in Node (worker_threads), bundled by node-pool.ts. */
import { parentPort } from 'node:worker_threads';
import { eventTargetEndpoint } from '../endpoint';
import { servePoolWorker } from './pool-worker-core';

if (!parentPort) throw new Error('pool-worker.node.ts must run in a worker thread');
servePoolWorker(eventTargetEndpoint(parentPort as never));
