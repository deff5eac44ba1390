import type { TraceEvent } from '../engine/kernel/trace';

/**
 * What a catch-up keeps of the trace it makes (workers/coordinator-service.ts). A status carries
 * only the newest STATUS_TRACE_CAP events whole; of the older ones it carries the observations the
 * page marks on its timeline, and the client history reads their invocations and returns. So
 * this keeps the newest `cap` events, and of the older ones only those three kinds, in order:
 * a status built from `events()` is exactly the one built from the whole trace, while the
 * coordinator holds tens of thousands of events instead of the 1.4 million of minute 60.
 */
export class TraceTail {
  /** Older than the tail, and still needed: marked observations, invocations, returns. */
  private older: TraceEvent[] = [];
  /** The newest events; cut back to `cap` when it reaches twice that (no cut per event). */
  private tail: TraceEvent[] = [];

  constructor(
    private readonly cap: number,
    /** The observation kinds the page marks; null: every observation (until `mark` names them). */
    private marked: ReadonlySet<string> | null,
  ) {}

  /**
   * Names the observation kinds still needed, once known (a link opened before the page's code
   * had loaded: CoordinatorService.openLink): the older ones of other kinds go.
   */
  mark(kinds: ReadonlySet<string>): void {
    this.marked = kinds;
    this.older = this.older.filter((e) => this.stillNeeded(e));
  }

  /** False while the stretch the tail will hold is still far ahead (keepOnlyNeeded). */
  private keepingAll = true;
  /** Events pushed in all. */
  private pushed = 0;
  /** Whether an event was let go unkept (keepOnlyNeeded), and how many came since `keepAll`. */
  private droppedAny = false;
  private sinceKeepAll = 0;

  /**
   * From now on keeps only what the older part keeps, until `keepAll`, and keeps only that of what
   * it holds already: most of a long catch-up's events are neither that nor in the final tail,
   * and keeping each one for 2 x `cap` events made it survive into the old generation (a
   * minute-60 catch-up took 1.6 s instead of 1.0, issue 12).
   */
  keepOnlyNeeded(): void {
    if (!this.keepingAll) return;
    this.keepingAll = false;
    for (const e of this.tail) {
      if (this.stillNeeded(e)) this.older.push(e);
      else this.droppedAny = true;
    }
    this.tail = [];
  }

  /** Keeps every event again (the tail's stretch has begun). */
  keepAll(): void {
    this.keepingAll = true;
    this.sinceKeepAll = 0;
  }

  get keepsAll(): boolean {
    return this.keepingAll;
  }

  /** How many events were pushed, kept or not. */
  get seen(): number {
    return this.pushed;
  }

  /**
   * Whether `events()` reads as it would had every event been kept: nothing was let go, or the
   * tail filled after `keepAll`. False: the stretch kept whole began too late.
   */
  get complete(): boolean {
    return !this.droppedAny || this.sinceKeepAll >= this.cap;
  }

  push(event: TraceEvent): void {
    this.pushed++;
    if (!this.keepingAll) {
      if (this.stillNeeded(event)) this.older.push(event);
      else this.droppedAny = true;
      return;
    }
    this.sinceKeepAll++;
    this.tail.push(event);
    if (this.tail.length >= 2 * this.cap) this.cut();
  }

  /** The events kept, in trace order. */
  events(): TraceEvent[] {
    return this.older.length === 0 ? this.tail : this.older.concat(this.tail);
  }

  private cut(): void {
    const tail = this.tail;
    const cut = tail.length - this.cap;
    for (let i = 0; i < cut; i++) {
      const e = tail[i]!;
      if (this.stillNeeded(e)) this.older.push(e);
    }
    this.tail = tail.slice(cut);
  }

  private stillNeeded(e: TraceEvent): boolean {
    switch (e.kind) {
      case 'invoke':
      case 'return':
        return true;
      case 'observe':
        return this.marked === null || this.marked.has(e.what);
      default:
        return false;
    }
  }
}
