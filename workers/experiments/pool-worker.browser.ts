/// <reference lib="webworker" />
/** Entry of an experiment pool worker in the page: a dedicated Web Worker running whole runs. */
import { eventTargetEndpoint } from '../endpoint';
import { servePoolWorker } from './pool-worker-core';

servePoolWorker(eventTargetEndpoint(self as never));
