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

/**
 * Runs one exchange: `shares.length` workers of `source`, every pair joined by a MessageChannel,
 * each told its id, ports and the window count (plus `extra`); the figure is simulated seconds
 * per wall second of the slowest worker.
 */
async function runExchange(source: string, shares: number[], simulatedMs: number, windowsPerSimulatedSecond: number, extra: object = {}): Promise<number> {
  const n = shares.length;
  const windows = Math.max(1, Math.round((simulatedMs / 1000) * windowsPerSimulatedSecond));
  const workers = Array.from({ length: n }, () => new Worker(source, { eval: true, execArgv: [] }));
  const ports: [number, MessagePort][][] = workers.map(() => []);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const { port1, port2 } = new MessageChannel();
      ports[i]!.push([j, port1]);
      ports[j]!.push([i, port2]);
    }
  }
  const done = workers.map((w) => new Promise<number>((resolve) => w.once('message', resolve)));
  workers.forEach((w, i) => w.postMessage({ id: i, ports: ports[i], windows, shares, ...extra }, ports[i]!.map((p) => p[1]) as never));
  const wallMs = Math.max(...(await Promise.all(done)));
  await Promise.all(workers.map((w) => w.terminate()));
  return Math.round((simulatedMs / wallMs) * 10) / 10;
}

/** Simulated seconds per wall second of the bare exchange: `windows` windows of `windowMs` each. */
export async function benchExchangeCeiling(shares: number[], simulatedMs: number, windowsPerSimulatedSecond: number): Promise<number> {
  return runExchange(WORKER, shares, simulatedMs, windowsPerSimulatedSecond);
}

/**
 * What the window protocol could reach if the window summaries (each node's next event and the
 * earliest message it sent each peer: 76% of today's batches carry nothing else) lived in shared
 * memory instead of travelling as batches: active nodes post only batches with protocol messages
 * over their MessageChannels, count themselves done in a SharedArrayBuffer, and the last one
 * wakes (Atomics.notify) only the nodes with events in the next window; idle nodes sleep through.
 * Not built in the runner (the page would need cross-origin isolation for SharedArrayBuffer):
 * this measures the design beside today's, with the same active shares.
 */
const SHARED_WORKER = `
const { parentPort } = require('node:worker_threads');
parentPort.once('message', ({ id, ports, windows, shares, messageShare, sab }) => {
  const n = shares.length;
  const mem = new Int32Array(sab); // [0]: nodes done in this window; [1 + i]: windows node i may start after
  let seed = 12345;
  const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const draws = [];
  for (let w = 0; w < windows; w++) draws.push({ active: shares.map((s) => random() < s), to: shares.map(() => (random() < messageShare ? Math.floor(random() * n) : -1)) });
  const count = (w) => draws[w].active.filter(Boolean).length;
  const nextBusy = (w) => { let k = w + 1; while (k < windows && count(k) === 0) k++; return k; };
  const portTo = new Map(ports);
  for (const [, port] of ports) port.on('message', () => {});
  const key = { at: 1, node: 2, originNode: 3, originIncarnation: 0, originSeq: 4 };
  const waitFor = async (i, v) => {
    while (Atomics.load(mem, i) < v) { const r = Atomics.waitAsync(mem, i, Atomics.load(mem, i)); if (r.async) await r.value; }
  };
  (async () => {
    const t0 = performance.now();
    let last = -1;
    for (let w = 0; w < windows; w++) {
      if (count(w) === 0) continue;
      const { active, to } = draws[w];
      if (!active[id]) { last = w; continue; }
      if (last >= 0) await waitFor(1 + id, last + 1);
      const peer = to[id];
      if (peer >= 0 && peer !== id) portTo.get(peer).postMessage({ window: w, from: id, msgs: [{ kind: 'msg', ...key, sentAt: 0, msg: { type: 'AppendEntries', term: 1, entries: [{ term: 1, value: w }] } }] });
      if (Atomics.add(mem, 0, 1) + 1 === count(w)) {
        Atomics.store(mem, 0, 0);
        const k = nextBusy(w);
        if (k < windows) draws[k].active.forEach((a, i) => { if (a) { Atomics.store(mem, 1 + i, w + 1); Atomics.notify(mem, 1 + i); } });
      }
      last = w;
    }
    parentPort.postMessage(performance.now() - t0);
  })();
});`;

/** Simulated seconds per wall second of the exchange with window summaries in shared memory. */
export async function benchSharedSummaryCeiling(
  shares: number[],
  simulatedMs: number,
  windowsPerSimulatedSecond: number,
  messageShare: number,
): Promise<number> {
  const sab = new SharedArrayBuffer(4 * (1 + shares.length));
  return runExchange(SHARED_WORKER, shares, simulatedMs, windowsPerSimulatedSecond, { messageShare, sab });
}
