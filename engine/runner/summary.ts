import type { Monitor, SometimesResult, Violation } from '../kernel/protocol';
import type { TraceEvent } from '../kernel/trace';
import type { Micros } from '../kernel/time';
import type { Scenario } from '../scenario/schema';
import type { TraceCollector } from './collector';

/** The machine-readable result of a run: what the CLI prints with --json and tests compare. */
export interface RunSummary {
  protocol: string;
  seed: number;
  runner: 'inprocess' | 'workers';
  nodes: number;
  untilMs: number;
  traceHash: string;
  events: number;
  messages: { sent: number; delivered: number; dropped: number };
  operations: number;
  violations: { invariant: string; message: string; event?: TraceEvent }[];
  stats: Record<string, unknown>;
  /**
   * The protocol's "sometimes" properties (Monitor.finish): each held, with the first time, or
   * not seen. Never violations: a run may fairly miss one; sweeps check coverage over seeds.
   */
  sometimes: SometimesResult[];
  wallMs: number;
}

export function summarize(a: {
  scenario: Scenario;
  runner: RunSummary['runner'];
  collector: TraceCollector;
  monitors: readonly Monitor[];
  untilUs: Micros;
  wallMs: number;
}): RunSummary {
  const violations: Violation[] = [];
  if (a.collector.violation) violations.push(a.collector.violation);
  const stats: Record<string, unknown> = {};
  const sometimes: SometimesResult[] = [];
  for (const monitor of a.monitors) {
    const finished = monitor.finish({ untilUs: a.untilUs, healedAtUs: a.scenario.healedAtUs });
    Object.assign(stats, finished.stats);
    if (finished.sometimes) sometimes.push(...finished.sometimes.map((p) => ({ ...p })));
    // Liveness is judged only on a run that was not stopped by a safety violation.
    if (!a.collector.violation) violations.push(...finished.violations);
  }
  const c = a.collector.counts;
  return {
    protocol: a.scenario.protocol.name,
    seed: a.scenario.seed,
    runner: a.runner,
    nodes: a.scenario.nodes,
    untilMs: a.untilUs / 1000,
    traceHash: a.collector.traceHash,
    events: c.events,
    messages: { sent: c.sent, delivered: c.delivered, dropped: c.dropped },
    operations: c.operations,
    violations: violations.map((v) => ({ invariant: v.invariant, message: v.message, ...(v.event ? { event: v.event } : {}) })),
    stats,
    sometimes,
    wallMs: Math.round(a.wallMs),
  };
}
