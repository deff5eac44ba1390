import type { TraceEvent } from '../../../engine/kernel/trace';
import type { Micros } from '../../../engine/kernel/time';
import { firstAtOrAfter, messageKey } from '../../lib/trace-search';
import type { InFlightMessage } from '../../store/types';
import type { ObservationUi } from '../../protocols/ui';
import {
  LOOKBACK_US,
  assemble,
  messageOf,
  readLanes,
  readsOnLanes,
  type DiagramMessage,
  type DiagramModel,
  type MessageEnd,
  type SendEvent,
} from './model';

type EndEvent = Extract<TraceEvent, { kind: 'deliver' | 'drop' }>;

/**
 * `buildDiagram`, redrawn often: the same model, but the events of the window and its lookback
 * (2.3 s of trace: ~8,000 events with 25 servers) are indexed once as the window slides, instead
 * of read again, each message named again, at every redraw (~5 ms a redraw, eight a second;
 * issue 12). Each redraw reads only the window's own ends, the sends still open and the lane
 * events. Any trace that is not the last one grown at its end and trimmed at its start (a seek
 * back, a restarted or forked run), or another protocol, is read afresh. diagram-tracker.test.ts
 * holds it equal to `buildDiagram`.
 */
export class DiagramTracker {
  private trace: readonly TraceEvent[] = [];
  private observations: Readonly<Record<string, ObservationUi>> | null = null;
  /** The events indexed: trace[lo..hi). */
  private lo = 0;
  private hi = 0;
  private readonly sends = new Map<string, SendEvent>();
  private readonly ends = new Map<string, { end: MessageEnd; event: EndEvent }>();
  /** Sends indexed without an end indexed: in flight, wherever the window starts. */
  private readonly open = new Set<string>();
  /** The lane events indexed, in trace order, from `lanesHead` on. */
  private lanes: TraceEvent[] = [];
  private lanesHead = 0;
  /** Each message's name, made once per event. */
  private readonly keys = new WeakMap<TraceEvent, string>();

  build(
    trace: readonly TraceEvent[],
    now: Micros,
    windowUs: Micros,
    inFlight: readonly InFlightMessage[] = [],
    observations: Readonly<Record<string, ObservationUi>> = {},
  ): DiagramModel {
    const start = Math.max(0, now - windowUs);
    const lo = firstAtOrAfter(trace, start - LOOKBACK_US);
    const hi = firstAfter(trace, now);
    this.index(trace, lo, hi, observations);

    const messages: DiagramMessage[] = [];
    for (const key of this.open) messages.push(messageOf(key, this.sends.get(key)!, undefined, start, now)!);
    // Ended messages reach into the window only if they ended in it: the window's own ends.
    for (let i = Math.max(lo, firstAtOrAfter(trace, start)); i < hi; i++) {
      const e = trace[i]!;
      if (e.kind !== 'deliver' && e.kind !== 'drop') continue;
      const key = this.keyOf(e);
      const ended = this.ends.get(key)!;
      const s = this.sends.get(key);
      // The last end of a message counts (a duplicate delivered twice), as in buildDiagram.
      if (ended.event !== e || !s) continue;
      const m = messageOf(key, s, ended.end, start, now);
      if (m) messages.push(m);
    }
    const lanes = this.lanesHead === 0 ? this.lanes : this.lanes.slice(this.lanesHead);
    return assemble(start, now, windowUs, messages, this.sends, this.ends, inFlight, readLanes(lanes, start, now, observations));
  }

  /** Brings the index to trace[lo..hi), reusing what it holds when `trace` continues the last one. */
  private index(trace: readonly TraceEvent[], lo: number, hi: number, observations: Readonly<Record<string, ObservationUi>>): void {
    const shift = this.shiftTo(trace, observations);
    if (shift === null || lo < this.lo + shift || hi < this.hi + shift || lo >= this.hi + shift) {
      this.reset(trace, observations, lo);
    } else {
      this.trace = trace;
      this.lo += shift;
      this.hi += shift;
    }
    for (let i = this.hi; i < hi; i++) this.add(trace[i]!);
    for (let i = this.lo; i < lo; i++) this.remove(trace[i]!);
    this.lo = lo;
    this.hi = hi;
    if (this.lanesHead > 256 && this.lanesHead * 2 > this.lanes.length) {
      this.lanes = this.lanes.slice(this.lanesHead);
      this.lanesHead = 0;
    }
  }

  /**
   * How far the indexed events moved in `trace` (trimmed at its start), or null if `trace` does
   * not hold them where a trace grown at its end would (the store makes a new array per status).
   */
  private shiftTo(trace: readonly TraceEvent[], observations: Readonly<Record<string, ObservationUi>>): number | null {
    if (observations !== this.observations) return null;
    if (trace === this.trace) return 0;
    if (this.hi === this.lo) return null;
    const first = this.trace[this.lo]!;
    const last = this.trace[this.hi - 1]!;
    let at = firstAtOrAfter(trace, first.at);
    while (at < trace.length && trace[at] !== first && trace[at]!.at === first.at) at++;
    if (trace[at] !== first) return null;
    const shift = at - this.lo;
    return trace[this.hi - 1 + shift] === last ? shift : null;
  }

  private reset(trace: readonly TraceEvent[], observations: Readonly<Record<string, ObservationUi>>, lo: number): void {
    this.trace = trace;
    this.observations = observations;
    this.lo = lo;
    this.hi = lo;
    this.sends.clear();
    this.ends.clear();
    this.open.clear();
    this.lanes = [];
    this.lanesHead = 0;
  }

  private keyOf(e: SendEvent | EndEvent): string {
    let key = this.keys.get(e);
    if (key === undefined) {
      key = messageKey(e.id);
      this.keys.set(e, key);
    }
    return key;
  }

  private add(e: TraceEvent): void {
    switch (e.kind) {
      case 'send': {
        const key = this.keyOf(e);
        this.sends.set(key, e);
        if (!this.ends.has(key)) this.open.add(key);
        break;
      }
      case 'deliver':
      case 'drop': {
        const key = this.keyOf(e);
        this.ends.set(key, { end: { at: e.at, status: e.kind === 'deliver' ? 'delivered' : 'dropped', reason: e.kind === 'drop' ? e.reason : null }, event: e });
        this.open.delete(key);
        break;
      }
      default:
        if (readsOnLanes(e, this.observations!)) this.lanes.push(e);
    }
  }

  /** Forgets an event the window's lookback left behind (events leave in trace order). */
  private remove(e: TraceEvent): void {
    switch (e.kind) {
      case 'send': {
        const key = this.keyOf(e);
        if (this.sends.get(key) === e) {
          this.sends.delete(key);
          this.open.delete(key);
        }
        break;
      }
      case 'deliver':
      case 'drop': {
        const key = this.keyOf(e);
        if (this.ends.get(key)?.event === e) this.ends.delete(key);
        break;
      }
      default:
        if (this.lanes[this.lanesHead] === e) this.lanesHead++;
    }
  }
}

/** Index of the first event after `at` (buildDiagram reads up to `now` inclusive). */
function firstAfter(trace: readonly TraceEvent[], at: Micros): number {
  let lo = 0;
  let hi = trace.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (trace[mid]!.at <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
