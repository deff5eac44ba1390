import { WorkerCoordinator } from '../workers/coordinator';
import { nodeWorkerFactory } from '../workers/node-factory';
import type { WindowCounters } from '../workers/wire';
import { figures, round, type RunFigures } from './inprocess';
import { benchScenario } from './scenarios';

/** Where the timed stretch's windows went, summed over the workers (from their counters). */
export interface WindowFigures {
  /** Windows per simulated second (every worker takes part in each; the most any one counted). */
  windowsPerSimulatedSecond: number;
  /** Wall time per window (µs): the timed stretch over its windows. */
  wallUsPerWindow: number;
  /** Nodes with events of their own per window, on average. */
  activePerWindow: number;
  /** Batches posted per window (all workers), and the share that carried no protocol message. */
  postsPerWindow: number;
  emptyPostShare: number;
  /** Each node's share of the windows in which it had events (what the bare exchange replays). */
  activeShares: number[];
  /** Share of the workers' window time spent waiting for peers (posting included) rather than running events. */
  waitShare: number;
}

export interface WorkerFigures extends RunFigures {
  startupMs: number;
  messagesPerSecond: number;
  /** Simulated seconds run first, untimed, so the figure is the steady state (JIT warm), as in process. */
  warmupS: number;
  windows: WindowFigures;
}

function sumCounters(c: WorkerCoordinator): WindowCounters & { maxWindows: number } {
  const sum = { windows: 0, active: 0, posted: 0, postedEmpty: 0, busyMs: 0, waitMs: 0, maxWindows: 0 };
  for (const k of c.counters.values()) {
    sum.windows += k.windows;
    sum.active += k.active;
    sum.posted += k.posted;
    sum.postedEmpty += k.postedEmpty;
    sum.busyMs += k.busyMs;
    sum.waitMs += k.waitMs;
    sum.maxWindows = Math.max(sum.maxWindows, k.windows);
  }
  return sum;
}

/**
 * The worker runner in Node: one worker_thread per node, as the CLI runs it. With `warmupMs`,
 * that much simulated time runs first and only the next `untilMs` are timed (fresh workers run
 * their first stretch at about half their steady speed while the JIT compiles the protocol).
 */
export async function benchWorkersNode(nodes: number, untilMs: number, warmupMs = 0): Promise<WorkerFigures> {
  const factory = await nodeWorkerFactory();
  const scenario = benchScenario(nodes, warmupMs + untilMs);
  const coordinator = new WorkerCoordinator(scenario, factory);
  const t0 = performance.now();
  await coordinator.start();
  const startupMs = performance.now() - t0;
  if (warmupMs > 0) await coordinator.runUntil(warmupMs * 1000);
  const before = coordinator.summary();
  const c0 = sumCounters(coordinator);
  const active0 = new Map([...coordinator.counters].map(([id, k]) => [id, k.active]));
  const t1 = performance.now();
  await coordinator.runUntil(scenario.untilUs);
  const wallMs = performance.now() - t1;
  const summary = coordinator.summary();
  const c1 = sumCounters(coordinator);
  const activeOf = new Map([...coordinator.counters].map(([id, k]) => [id, k.active - (active0.get(id) ?? 0)]));
  await coordinator.close();
  const windows = Math.max(1, c1.maxWindows - c0.maxWindows);
  const posted = c1.posted - c0.posted;
  const busy = c1.busyMs - c0.busyMs;
  const wait = c1.waitMs - c0.waitMs;
  return {
    ...figures(nodes, untilMs, wallMs, summary.events - before.events, summary.traceHash),
    startupMs: Math.round(startupMs),
    messagesPerSecond: Math.round((summary.messages.sent - before.messages.sent) / (wallMs / 1000)),
    warmupS: warmupMs / 1000,
    windows: {
      windowsPerSimulatedSecond: round(windows / (untilMs / 1000)),
      wallUsPerWindow: Math.round((wallMs * 1000) / windows),
      activePerWindow: round((c1.active - c0.active) / windows),
      postsPerWindow: round(posted / windows),
      emptyPostShare: share((c1.postedEmpty - c0.postedEmpty) / Math.max(1, posted)),
      activeShares: Array.from({ length: nodes }, (_, id) => Math.round((100 * (activeOf.get(id) ?? 0)) / Math.max(1, c1.maxWindows - c0.maxWindows)) / 100),
      waitShare: share(wait / Math.max(1e-9, wait + busy)),
    },
  };
}

/** Only the start-up: spawn `nodes` workers, wire every pair, wait until each has reported. */
export async function benchStartup(nodes: number): Promise<number> {
  const factory = await nodeWorkerFactory();
  const coordinator = new WorkerCoordinator(benchScenario(nodes, 1), factory);
  const t0 = performance.now();
  await coordinator.start();
  const ms = performance.now() - t0;
  await coordinator.close();
  return Math.round(ms);
}

const share = (x: number) => Math.round(x * 100) / 100;
