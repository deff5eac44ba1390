import { Worker } from 'node:worker_threads';

/**
 * The ceiling: raw MessageChannel traffic between two worker_threads, nothing simulated.
 * One-way throughput (a stream of small messages, acknowledged every 1,000) and the round-trip
 * latency of a ping-pong, the hop every simulation window pays at least once.
 */
const WORKER = `
const { parentPort } = require('node:worker_threads');
parentPort.once('message', ({ port, role, count }) => {
  if (role === 'echo') { port.on('message', (m) => port.postMessage(m)); return; }
  if (role === 'sink') { let n = 0; port.on('message', () => { if (++n % 1000 === 0) port.postMessage(n); }); return; }
  if (role === 'stream') {
    let acked = 0; const t0 = performance.now();
    const msg = { window: 1, from: 0, msgs: [], localMin: { at: 1, node: 2, originNode: 3, originIncarnation: 0, originSeq: 4 } };
    port.on('message', (n) => { acked = n; if (acked >= count) parentPort.postMessage(performance.now() - t0); });
    for (let i = 0; i < count; i++) port.postMessage(msg);
  }
  if (role === 'ping') {
    let n = 0; const t0 = performance.now();
    port.on('message', (m) => { if (++n >= count) parentPort.postMessage(performance.now() - t0); else port.postMessage(m); });
    port.postMessage({ window: 1 });
  }
});`;

async function pair(roles: [string, string], count: number): Promise<number> {
  const a = new Worker(WORKER, { eval: true, execArgv: [] });
  const b = new Worker(WORKER, { eval: true, execArgv: [] });
  const { port1, port2 } = new MessageChannel();
  const done = new Promise<number>((resolve) => a.once('message', resolve));
  b.postMessage({ port: port2, role: roles[1], count }, [port2 as never]);
  a.postMessage({ port: port1, role: roles[0], count }, [port1 as never]);
  const ms = await done;
  await a.terminate();
  await b.terminate();
  return ms;
}

export async function benchChannelCeiling(): Promise<{ messagesPerSecond: number; roundTripUs: number }> {
  const count = 200_000;
  const streamMs = await pair(['stream', 'sink'], count);
  const pings = 20_000;
  const pingMs = await pair(['ping', 'echo'], pings);
  return { messagesPerSecond: Math.round(count / (streamMs / 1000)), roundTripUs: Math.round((pingMs * 1000) / pings) };
}
