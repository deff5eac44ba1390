import { InProcessRunner } from '../engine/runner/inprocess';
import { benchScenario } from './scenarios';

export interface RunFigures {
  nodes: number;
  simulatedS: number;
  wallMs: number;
  simSecondsPerWallSecond: number;
  eventsPerSecond: number;
  traceHash: string;
}

/** The single-threaded runner with tracing (hash) and invariant monitors on. */
export function benchInProcess(nodes: number, untilMs: number): RunFigures {
  const scenario = benchScenario(nodes, untilMs);
  // Warm-up: let the JIT compile the hot paths first, so the figure is the steady state.
  const warmMs = Math.min(untilMs, 10_000);
  for (let i = 0; i < 3; i++) new InProcessRunner(benchScenario(nodes, warmMs)).runUntil(warmMs * 1000);
  const started = performance.now();
  const summary = new InProcessRunner(scenario).runUntil(scenario.untilUs).summary();
  const wallMs = performance.now() - started;
  return figures(nodes, untilMs, wallMs, summary.events, summary.traceHash);
}

export function figures(nodes: number, untilMs: number, wallMs: number, events: number, traceHash: string): RunFigures {
  return {
    nodes,
    simulatedS: untilMs / 1000,
    wallMs: Math.round(wallMs),
    simSecondsPerWallSecond: round(untilMs / wallMs),
    eventsPerSecond: Math.round(events / (wallMs / 1000)),
    traceHash,
  };
}

export const round = (x: number) => Math.round(x * 10) / 10;
