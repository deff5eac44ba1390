import { Worker } from 'node:worker_threads';

/**
 * The naive design the windowed runner must beat: a central barrier per 10 ms window. The main
 * thread tells every worker "advance", each replies "done", and only then does the next window
 * start. No protocol runs: this is the synchronisation cost alone, an upper bound on what such a
 * design could reach.
 */
const WORKER = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', (w) => parentPort.postMessage(w));`;

export async function benchCentralBarrier(nodes: number, simulatedMs: number, windowMs = 10): Promise<number> {
  const workers = Array.from({ length: nodes }, () => new Worker(WORKER, { eval: true, execArgv: [] }));
  const windows = Math.round(simulatedMs / windowMs);
  const t0 = performance.now();
  for (let w = 0; w < windows; w++) {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve) => {
            worker.once('message', () => resolve());
            worker.postMessage(w);
          }),
      ),
    );
  }
  const wallMs = performance.now() - t0;
  await Promise.all(workers.map((w) => w.terminate()));
  return Math.round((simulatedMs / wallMs) * 10) / 10;
}
