import { startCoordinator } from '../workers/coordinator-client';
import { dispatch, whenIdle } from './session/commands';
import { useSim } from './store/store';

/**
 * A small automation surface on `window.quorum` for browser tests, the benchmark and curious
 * users: it runs a scenario in this page's Web Workers (one per node) and measures the page's
 * own machinery. Nothing here is used by the page itself.
 */
export function installAutomation(): void {
  (window as unknown as { quorum: unknown }).quorum = {
    async runInWorkers(scenario: unknown, untilUs: number) {
      return (await timedRun(scenario, untilUs)).summary;
    },
    timedRun,
    channelCeiling,
    /** What the page shows now (read-only copy of the store, without the long trace); `protocol` names the running system. */
    state: () => {
      const { trace, ...rest } = useSim.getState();
      return structuredClone({ ...rest, traceLength: trace.length });
    },
    /** Resolves once no call of the page's session is on its way (a pause's way back included). */
    idle: () => whenIdle(),
    /** Runs a named command (the page's or the running protocol's), exactly as a button or a shortcut would. */
    command: (name: string, ...args: unknown[]) => dispatch(name, ...args),
  };
}

/** Runs a scenario in a fresh coordinator worker; start-up and run are timed apart. */
async function timedRun(scenario: unknown, untilUs: number) {
  const client = startCoordinator();
  const coordinator = client.api;
  try {
    const t0 = performance.now();
    await coordinator.load(scenario, { withViews: false });
    const startupMs = performance.now() - t0;
    const t1 = performance.now();
    await coordinator.runUntil(untilUs);
    const runMs = performance.now() - t1;
    return { startupMs, runMs, summary: await coordinator.summary() };
  } finally {
    await coordinator.close();
    client.terminate();
  }
}

const ECHO_WORKER = `
onmessage = ({ data: { port, role, count } }) => {
  if (role === 'sink') { let n = 0; port.onmessage = () => { if (++n % 1000 === 0) port.postMessage(n); }; return; }
  if (role === 'echo') { port.onmessage = (e) => port.postMessage(e.data); return; }
  const t0 = performance.now();
  if (role === 'stream') {
    const msg = { window: 1, from: 0, msgs: [], localMin: { at: 1, node: 2, originNode: 3, originIncarnation: 0, originSeq: 4 } };
    port.onmessage = (e) => { if (e.data >= count) postMessage(performance.now() - t0); };
    for (let i = 0; i < count; i++) port.postMessage(msg);
  } else {
    let n = 0;
    port.onmessage = (e) => { if (++n >= count) postMessage(performance.now() - t0); else port.postMessage(e.data); };
    port.postMessage({ window: 1 });
  }
};`;

/** The ceiling: raw MessageChannel traffic between two Web Workers, nothing simulated. */
async function channelCeiling() {
  const url = URL.createObjectURL(new Blob([ECHO_WORKER], { type: 'text/javascript' }));
  const pair = async (roles: [string, string], count: number) => {
    const a = new Worker(url);
    const b = new Worker(url);
    const { port1, port2 } = new MessageChannel();
    const done = new Promise<number>((resolve) => (a.onmessage = (e) => resolve(e.data as number)));
    b.postMessage({ port: port2, role: roles[1], count }, [port2]);
    a.postMessage({ port: port1, role: roles[0], count }, [port1]);
    const ms = await done;
    a.terminate();
    b.terminate();
    return ms;
  };
  const count = 100_000;
  const streamMs = await pair(['stream', 'sink'], count);
  const pings = 10_000;
  const pingMs = await pair(['ping', 'echo'], pings);
  URL.revokeObjectURL(url);
  return { messagesPerSecond: Math.round(count / (streamMs / 1000)), roundTripUs: Math.round((pingMs * 1000) / pings) };
}
