import { InProcessRunner } from '../engine/runner/inprocess';
import { ratio2, type BenchRow } from './rows';
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
): InProcessFigures {
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
  const runs: { wallMs: number; cpuMs: number; preempted: number; events: number; traceHash: string }[] = [];
  for (let i = 0; i < (options.repeat ?? 1); i++) {
    const switches = process.resourceUsage().involuntaryContextSwitches;
    const started = performance.now();
    const cpu = process.cpuUsage();
    const summary = run(untilMs);
    const used = process.cpuUsage(cpu);
    const wallMs = performance.now() - started;
    const preempted = process.resourceUsage().involuntaryContextSwitches - switches;
    runs.push({ wallMs, cpuMs: (used.user + used.system) / 1000, preempted, events: summary.events, traceHash: summary.traceHash });
  }
  const median = [...runs].sort((a, b) => a.wallMs - b.wallMs)[Math.floor(runs.length / 2)]!;
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  return {
    ...figures(nodes, untilMs, median.wallMs, median.events, traced ? median.traceHash : 'untraced'),
    runsWallMs: runs.map((r) => Math.round(r.wallMs)),
    runsCpuMs: runs.map((r) => Math.round(r.cpuMs)),
    // CPU time of this process: on a shared machine it swings far less than wall time, so
    // ratios between runs of one bench (traced / untraced) are better read from it.
    simSecondsPerCpuSecond: round(untilMs / Math.min(...runs.map((r) => r.cpuMs))),
    cpuShare: Math.round((100 * sum(runs.map((r) => r.cpuMs))) / sum(runs.map((r) => r.wallMs))) / 100,
    preemptionsPerRun: Math.round(sum(runs.map((r) => r.preempted)) / runs.length),
  };
}

export interface InProcessFigures extends RunFigures {
  runsWallMs: number[];
  runsCpuMs: number[];
  simSecondsPerCpuSecond: number;
  /**
   * CPU time over wall time of the timed runs. On a machine to itself this is about 1 (a little
   * more with the GC's helper threads); well below, the process waited for a core, and the wall
   * figures say how busy the machine was, not how fast the engine is (issue 12: the "slow
   * state" of some fresh processes was this, their CPU per run was the fast ones').
   */
  cpuShare: number;
  /**
   * Times per timed run the kernel took a core from the process for another (involuntary
   * context switches). Each costs it its caches too, so under heavy load even the CPU figures
   * drop (a bench process at load 12 measured 1,841 untraced simulated s per CPU s, against
   * ~3,000 on a quiet machine): a high count says neither figure is the engine's own.
   */
  preemptionsPerRun: number;
}

/** Below this CPU share the in-process rows say the machine was busy (see InProcessFigures.cpuShare). */
export const BUSY_CPU_SHARE = 0.85;

/** How the in-process rows say what they measured: CPU figures and, when so, a busy machine. */
export function describeCpu(f: InProcessFigures): string {
  const busy = f.cpuShare < BUSY_CPU_SHARE;
  return (
    `${f.simSecondsPerCpuSecond} simulated s per CPU s (best run); the process had a core ${Math.round(100 * f.cpuShare)}% of its wall time and was preempted ${f.preemptionsPerRun} times per run` +
    (busy ? ': the machine was busy, the wall figure is low by that much, and the CPU figure too when preemptions are many' : '')
  );
}

/** Issue 12's three in-process rows: traced speed, the untraced baseline, events per second. */
export function inprocessRows(traced5: InProcessFigures, untraced5: InProcessFigures, bareEventsPerSecond: number | null): BenchRow[] {
  return [
    {
      measure: 'in-process, 5 Raft servers, default workload, tracing + hashing + monitors on',
      value: traced5.simSecondsPerWallSecond,
      unit: 'simulated s/s',
      baseline: { name: 'the same run untraced (next row)', value: untraced5.simSecondsPerWallSecond },
      ratio: ratio2(traced5.simSecondsPerWallSecond, untraced5.simSecondsPerWallSecond),
      goal: '>= 1500 simulated s/s',
      goalMet: traced5.simSecondsPerWallSecond >= 1500,
      note: `median of ${traced5.runsWallMs.length} runs (${traced5.runsWallMs.join(', ')} ms); by CPU time ${describeCpu(traced5)}`,
    },
    {
      measure: 'the same run with tracing, hashing and monitors off (the baseline)',
      value: untraced5.simSecondsPerWallSecond,
      unit: 'simulated s/s',
      baseline: null,
      ratio: ratio2(traced5.simSecondsPerWallSecond, untraced5.simSecondsPerWallSecond),
      goal: 'the full run keeps >= 60% of its speed (ratio >= 0.6)',
      goalMet: traced5.simSecondsPerWallSecond >= 0.6 * untraced5.simSecondsPerWallSecond,
      note:
        'events are made but neither ordered, hashed, kept nor checked; by CPU time (best run) ' +
        `${traced5.simSecondsPerCpuSecond} against ${untraced5.simSecondsPerCpuSecond} simulated s per CPU s, ratio ${ratio2(traced5.simSecondsPerCpuSecond, untraced5.simSecondsPerCpuSecond)}; ` +
        `the untraced runs had a core ${Math.round(100 * untraced5.cpuShare)}% of their wall time and were preempted ${untraced5.preemptionsPerRun} times per run`,
    },
    {
      measure: 'in-process events per second (5 servers, traced)',
      value: traced5.eventsPerSecond,
      unit: 'events/s',
      baseline: bareEventsPerSecond === null ? null : { name: 'the bare event loop', value: bareEventsPerSecond },
      ratio: bareEventsPerSecond === null ? null : ratio2(traced5.eventsPerSecond, bareEventsPerSecond),
      goal: '>= 1,500,000 events/s',
      goalMet: traced5.eventsPerSecond >= 1_500_000,
      note: `by CPU time (best run) ${Math.round((traced5.eventsPerSecond * traced5.wallMs) / Math.min(...traced5.runsCpuMs))} events per CPU s`,
    },
  ];
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
