import { Hash64 } from '../kernel/hash';
import type { EventKey } from '../kernel/key';
import type { Monitor, Violation } from '../kernel/protocol';
import { compareTrace, hashTraceEvent, KIND_CODES, traceBefore, type TraceEvent, type TraceKind, type TraceSink } from '../kernel/trace';

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
  /**
   * Events received and not folded yet: buffer[head..tail). Slots from `tail` on hold folded
   * events that the next pushes overwrite: the array's length is never cut per instant (setting
   * an array's length is a runtime call, once per instant; issue 12).
   */
  private buffer: TraceEvent[] = [];
  private head = 0;
  private tail = 0;
  private sorted = true;
  /** Per kind, the monitors that read it (Monitor.kinds), in their order: a violation is the first monitor's. */
  private readonly monitorsOf: Record<string, readonly Monitor[]>;
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
  ) {
    this.monitorsOf = Object.create(null) as Record<string, readonly Monitor[]>;
    for (const kind of Object.keys(KIND_CODES) as TraceKind[]) this.monitorsOf[kind] = monitors.filter((m) => !m.kinds || m.kinds.includes(kind));
  }

  get traceHash(): string {
    return this.hash.hex();
  }

  push(event: TraceEvent): void {
    if (!this.traced) return this.count(event);
    const buffer = this.buffer;
    const tail = this.tail;
    if (this.sorted && tail > this.head && compareTrace(buffer[tail - 1]!, event) > 0) this.sorted = false;
    if (tail < buffer.length) buffer[tail] = event;
    else buffer.push(event);
    this.tail = tail + 1;
  }

  /** Folds every buffered event strictly before `boundary`; the rest waits for later windows. */
  flush(boundary: EventKey): void {
    if (this.tail === this.head) return;
    this.sortPending();
    const buffer = this.buffer;
    const tail = this.tail;
    let i = this.head;
    while (i < tail && this.violation === null && traceBefore(buffer[i]!, boundary)) {
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
    if (this.tail === this.head) return;
    this.sortPending();
    const buffer = this.buffer;
    const tail = this.tail;
    let i = this.head;
    while (i < tail && this.violation === null && buffer[i]!.at < at) {
      this.fold(buffer[i]!);
      i++;
    }
    this.keepFrom(i);
  }

  /**
   * Drops the events before `i` (folded). The array is kept and emptied when all are folded
   * (most instants), and cut only when the folded part outgrows what waits: no array per flush.
   */
  private keepFrom(i: number): void {
    const buffer = this.buffer;
    const tail = this.tail;
    if (this.violation !== null) {
      buffer.length = 0;
      this.head = 0;
      this.tail = 0;
    } else if (i === tail) {
      this.head = 0;
      this.tail = 0;
    } else if (i > 64 && i > tail - i) {
      const kept = tail - i;
      for (let k = 0; k < kept; k++) buffer[k] = buffer[i + k]!;
      this.head = 0;
      this.tail = kept;
    } else {
      this.head = i;
    }
  }

  /** Sorts the events not folded yet (they arrived out of canonical order). */
  private sortPending(): void {
    if (this.sorted) return;
    this.buffer = this.buffer.slice(this.head, this.tail);
    this.head = 0;
    this.tail = this.buffer.length;
    this.buffer.sort(compareTrace);
    this.sorted = true;
  }

  snapshot(): CollectorSnapshot {
    this.sortPending();
    return { hash: this.hash.state(), counts: { ...this.counts }, pending: this.buffer.slice(this.head, this.tail) };
  }

  restore(s: CollectorSnapshot): void {
    this.hash = Hash64.fromState(s.hash);
    Object.assign(this.counts, s.counts);
    this.buffer = s.pending ? s.pending.slice() : [];
    this.head = 0;
    this.tail = this.buffer.length;
    this.sorted = true;
    this.violation = null;
  }

  private fold(event: TraceEvent): void {
    hashTraceEvent(this.hash, event);
    this.count(event);
    this.lastEvent = event;
    this.sink?.(event);
    const monitors = this.monitorsOf[event.kind] ?? this.monitors;
    for (let m = 0; m < monitors.length; m++) {
      const violation = monitors[m]!.observe(event);
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
