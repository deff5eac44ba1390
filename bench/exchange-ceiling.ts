import { Worker } from 'node:worker_threads';

/**
 * The windowed exchange alone, with no protocol: `nodes` workers joined pairwise by
 * MessageChannels, as the worker runner wires them; in each window the nodes drawn active (node
 * i with probability `activeShare[i]`, from one seeded stream all share) post a small batch to
 * every peer and every node waits for the batches of the other active ones. Given the active
 * shares the runner measured, this is the most the runner's window protocol can reach here.
 */
const WORKER = `
const { parentPort } = require('node:worker_threads');
parentPort.once('message', ({ id, ports, windows, shares }) => {
  let seed = 12345;
  const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const inbox = new Map();
  let wake = null, awaited = -1, count = 0;
  for (const [, port] of ports) port.on('message', (b) => {
    const list = inbox.get(b.window) ?? [];
    list.push(b);
    inbox.set(b.window, list);
    if (b.window === awaited && list.length >= count && wake) { const w = wake; wake = null; w(); }
  });
  const key = { at: 1, node: 2, originNode: 3, originIncarnation: 0, originSeq: 4 };
  (async () => {
    const t0 = performance.now();
    for (let w = 0; w < windows; w++) {
      const active = shares.map((s) => random() < s);
      if (active[id]) {
        const batch = { window: w, from: id, msgs: [{ kind: 'msg', ...key, sentAt: 0, msg: { type: 'AppendEntries', term: 1, entries: [{ term: 1, value: w }] } }], localMin: key, sentTo: [[0, key]] };
        for (const [, port] of ports) port.postMessage(batch);
      }
      const expected = active.filter((a, i) => a && i !== id).length;
      while ((inbox.get(w)?.length ?? 0) < expected) {
        awaited = w; count = expected;
        await new Promise((resolve) => (wake = resolve));
      }
      inbox.delete(w);
    }
    parentPort.postMessage(performance.now() - t0);
  })();
});`;

/** Simulated seconds per wall second of the bare exchange: `windows` windows of `windowMs` each. */
export async function benchExchangeCeiling(shares: number[], simulatedMs: number, windowsPerSimulatedSecond: number): Promise<number> {
  const n = shares.length;
  const windows = Math.max(1, Math.round((simulatedMs / 1000) * windowsPerSimulatedSecond));
  const workers = Array.from({ length: n }, () => new Worker(WORKER, { eval: true, execArgv: [] }));
  const ports: [number, MessagePort][][] = workers.map(() => []);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const { port1, port2 } = new MessageChannel();
      ports[i]!.push([j, port1]);
      ports[j]!.push([i, port2]);
    }
  }
  const done = workers.map((w) => new Promise<number>((resolve) => w.once('message', resolve)));
  workers.forEach((w, i) => w.postMessage({ id: i, ports: ports[i], windows, shares }, ports[i]!.map((p) => p[1]) as never));
  const wallMs = Math.max(...(await Promise.all(done)));
  await Promise.all(workers.map((w) => w.terminate()));
  return Math.round((simulatedMs / wallMs) * 10) / 10;
}
