import { WorkerCoordinator } from '../workers/coordinator';
import { nodeWorkerFactory } from '../workers/node-factory';
import { figures, type RunFigures } from './inprocess';
import { benchScenario } from './scenarios';

export interface WorkerFigures extends RunFigures {
  startupMs: number;
  messagesPerSecond: number;
}

/** The worker runner in Node: one worker_thread per node, as the CLI runs it. */
export async function benchWorkersNode(nodes: number, untilMs: number): Promise<WorkerFigures> {
  const factory = await nodeWorkerFactory();
  const scenario = benchScenario(nodes, untilMs);
  const coordinator = new WorkerCoordinator(scenario, factory);
  const t0 = performance.now();
  await coordinator.start();
  const startupMs = performance.now() - t0;
  const t1 = performance.now();
  await coordinator.runUntil(scenario.untilUs);
  const wallMs = performance.now() - t1;
  const summary = coordinator.summary();
  await coordinator.close();
  return {
    ...figures(nodes, untilMs, wallMs, summary.events, summary.traceHash),
    startupMs: Math.round(startupMs),
    messagesPerSecond: Math.round(summary.messages.sent / (wallMs / 1000)),
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
