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

export interface InProcessOptions {
  /** False: the baseline, tracing, hashing and monitors off (RunnerOptions.traced). */
  traced?: boolean;
  /** Timed runs; the figure is the median run (the machine is shared, single runs are noisy). */
  repeat?: number;
}

/** The single-threaded runner, with tracing (hash) and invariant monitors on unless told. */
export function benchInProcess(
  nodes: number,
  untilMs: number,
  options: InProcessOptions = {},
): RunFigures & { runsWallMs: number[]; simSecondsPerCpuSecond: number } {
  const traced = options.traced ?? true;
  const run = (ms: number) => new InProcessRunner(benchScenario(nodes, ms), { traced }).runUntil(ms * 1000).summary();
  // Warm-up: let the JIT compile the hot paths first, so the figure is the steady state. At
  // least eight runs (with three the timed runs still sped up run after run: 365, 187, 115 ms),
  // as long as the timed ones (10 s runs never reach what a minute does, log compaction among
  // it), and at least 3 s of them: once the engine got faster, eight 10 s runs were over in
  // ~0.3 s and the timed runs still sped up (124, 83, 57 ms).
  const warmMs = untilMs;
  const warmStarted = performance.now();
  for (let i = 0; i < 8 || performance.now() - warmStarted < 3_000; i++) run(warmMs);
  const runs: { wallMs: number; cpuMs: number; events: number; traceHash: string }[] = [];
  for (let i = 0; i < (options.repeat ?? 1); i++) {
    const started = performance.now();
    const cpu = process.cpuUsage();
    const summary = run(untilMs);
    const used = process.cpuUsage(cpu);
    runs.push({ wallMs: performance.now() - started, cpuMs: (used.user + used.system) / 1000, events: summary.events, traceHash: summary.traceHash });
  }
  const median = [...runs].sort((a, b) => a.wallMs - b.wallMs)[Math.floor(runs.length / 2)]!;
  return {
    ...figures(nodes, untilMs, median.wallMs, median.events, traced ? median.traceHash : 'untraced'),
    runsWallMs: runs.map((r) => Math.round(r.wallMs)),
    // CPU time of this one thread: on a shared machine it swings far less than wall time, so
    // ratios between runs of one bench (traced / untraced) are better read from it.
    simSecondsPerCpuSecond: round(untilMs / Math.min(...runs.map((r) => r.cpuMs))),
  };
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
