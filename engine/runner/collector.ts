import { Hash64 } from '../kernel/hash';
import type { EventKey } from '../kernel/key';
import type { Monitor, Violation } from '../kernel/protocol';
import { compareTrace, hashTraceEvent, traceBefore, type TraceEvent, type TraceSink } from '../kernel/trace';

export interface TraceCounts {
  events: number;
  sent: number;
  delivered: number;
  dropped: number;
  timers: number;
  operations: number;
}

export interface CollectorSnapshot {
  hash: [number, number];
  counts: TraceCounts;
  /**
   * Events received but not yet folded (at or after the runner's position: a server's start-up
   * at time 0 is one). Without them a run restored from a snapshot taken at time 0 would lack
   * its first events. Absent in snapshots from before this field existed.
   */
  pending?: TraceEvent[];
}

/**
 * Receives trace events in any order within a window, puts them in canonical order, folds them
 * into the trace hash, counts them and feeds the monitors. Both runners end in one of these,
 * which is what makes their hashes comparable. The first safety violation freezes it: nothing
 * after the violating event counts, in either runner.
 */
export class TraceCollector {
  private buffer: TraceEvent[] = [];
  private sorted = true;
  private hash = new Hash64();
  readonly counts: TraceCounts = { events: 0, sent: 0, delivered: 0, dropped: 0, timers: 0, operations: 0 };
  violation: Violation | null = null;
  lastEvent: TraceEvent | null = null;

  /**
   * `traced` false: the benchmark's baseline (bench/inprocess.ts). Events are only counted:
   * never ordered, hashed, kept or checked, so the trace hash of such a run means nothing.
   */
  constructor(
    private readonly monitors: readonly Monitor[],
    private readonly sink?: TraceSink,
    private readonly traced = true,
  ) {}

  get traceHash(): string {
    return this.hash.hex();
  }

  push(event: TraceEvent): void {
    if (!this.traced) return this.count(event);
    const buffer = this.buffer;
    if (this.sorted && buffer.length > 0 && compareTrace(buffer[buffer.length - 1]!, event) > 0) this.sorted = false;
    buffer.push(event);
  }

  /** Folds every buffered event strictly before `boundary`; the rest waits for later windows. */
  flush(boundary: EventKey): void {
    const buffer = this.buffer;
    if (buffer.length === 0) return;
    if (!this.sorted) {
      buffer.sort(compareTrace);
      this.sorted = true;
    }
    let i = 0;
    while (i < buffer.length && this.violation === null && traceBefore(buffer[i]!, boundary)) {
      this.fold(buffer[i]!);
      i++;
    }
    this.keepFrom(i);
  }

  /**
   * flush(instantKey(at)) without making the key: every buffered event before instant `at`.
   * (A trace event's key sorts after instantKey(e.at) at its own instant, so before the
   * instant's boundary means an earlier instant.) The in-process runner calls it per instant.
   */
  flushBefore(at: number): void {
    const buffer = this.buffer;
    if (buffer.length === 0) return;
    if (!this.sorted) {
      buffer.sort(compareTrace);
      this.sorted = true;
    }
    let i = 0;
    while (i < buffer.length && this.violation === null && buffer[i]!.at < at) {
      this.fold(buffer[i]!);
      i++;
    }
    this.keepFrom(i);
  }

  private keepFrom(i: number): void {
    const buffer = this.buffer;
    if (this.violation !== null) this.buffer = [];
    else if (i === buffer.length) this.buffer = [];
    else if (i > 0) this.buffer = buffer.slice(i);
  }

  snapshot(): CollectorSnapshot {
    if (!this.sorted) {
      this.buffer.sort(compareTrace);
      this.sorted = true;
    }
    return { hash: this.hash.state(), counts: { ...this.counts }, pending: this.buffer.slice() };
  }

  restore(s: CollectorSnapshot): void {
    this.hash = Hash64.fromState(s.hash);
    Object.assign(this.counts, s.counts);
    this.buffer = s.pending ? s.pending.slice() : [];
    this.sorted = true;
    this.violation = null;
  }

  private fold(event: TraceEvent): void {
    hashTraceEvent(this.hash, event);
    this.count(event);
    this.lastEvent = event;
    this.sink?.(event);
    for (const monitor of this.monitors) {
      const violation = monitor.observe(event);
      if (violation) {
        this.violation = { ...violation, event: violation.event ?? event };
        return;
      }
    }
  }

  private count(event: TraceEvent): void {
    const c = this.counts;
    c.events++;
    switch (event.kind) {
      case 'send':
        c.sent++;
        break;
      case 'deliver':
        c.delivered++;
        break;
      case 'drop':
        c.dropped++;
        break;
      case 'timer':
        c.timers++;
        break;
      case 'invoke':
        c.operations++;
        break;
    }
  }
}
