import type { InProcessSnapshot } from '../engine/runner/inprocess';
import type { Micros } from '../engine/kernel/time';

const EVERY_US = 1_000_000;
const MAX_KEPT = 240;
/**
 * What all checkpoints together may hold, by estimateBytes. With log compaction a snapshot of the
 * page's default run stays near 1 MB however long it runs, so this keeps about 60 of them; a
 * run with many more servers or a compaction-free format-1 link thins sooner, never below two.
 */
export const MAX_CHECKPOINT_BYTES = 64 * 1024 * 1024;
/** The widest spacing while playing: a seek back replays at most this much (in one thread, fast). */
const MAX_SPACING_US = 60_000_000;
/**
 * Wall time a checkpoint may cost per virtual second while playing. A snapshot copies the whole
 * state, which grows with the run (Raft's logs): 3 ms at 1 minute, 28 ms at 10, 140 ms at 30
 * minutes of the page's default load. Spacing them to fit keeps playback smooth and memory flat.
 */
const BUDGET_MS_PER_VIRTUAL_S = 2;

/**
 * At most this many checkpoints over one catch-up, however long. With 20, a link at minute 60
 * spent ~20% of its catch-up copying snapshots (~22 ms each, one every 3 virtual minutes: this
 * count overrides the share below once a stretch passes 20 minutes), and a cold one in the page
 * (profiled in the coordinator worker, by navigation) ~28% at minute 10. With 10, a seek back
 * replays at most a tenth of the way (6 virtual minutes at minute 60), a minute at minute 10 as
 * before; a catch-up also keeps one a minute before its end (coordinator-service.ts, NEAR_END_US),
 * so that a step back from a link's moment replays at most a minute.
 */
const CATCH_UP_MOST = 10;
/**
 * The share of a catch-up's wall time its checkpoints may take. Opening a link at minute 10 with
 * one every 10 virtual seconds spent as long copying snapshots (60 of 6.5 ms) as running the
 * 600 s (~0.5 s); a seek back replays from the nearest one at ~1,000 virtual s per wall s, so
 * a minute apart costs a seek at most ~60 ms more.
 */
const CATCH_UP_SNAPSHOT_SHARE = 0.15;

/**
 * How far apart a catch-up's next checkpoints go, in whole seconds, once it knows what a
 * snapshot cost (`snapshotMs`) and what a virtual second of running cost (`runMsPerVirtualS`):
 * far enough apart that snapshots take at most CATCH_UP_SNAPSHOT_SHARE of the time, at most a
 * minute apart (the widest spacing while playing), never closer than `floor` (spacingFor).
 * Wall times decide only where checkpoints are, never what a seek shows.
 */
export function catchUpSpacing(floor: Micros, snapshotMs: number, runMsPerVirtualS: number): Micros {
  const byCost = runMsPerVirtualS > 0 ? snapshotMs / (CATCH_UP_SNAPSHOT_SHARE * runMsPerVirtualS) : MAX_SPACING_US / EVERY_US;
  const seconds = Math.min(MAX_SPACING_US / EVERY_US, Math.ceil(byCost));
  return Math.max(floor, seconds * EVERY_US);
}

/**
 * Roughly what a plain-data value takes in a JavaScript heap, in bytes: a slot of 8 per number,
 * boolean, null, array element or property, a header of 16 per array and 24 per object, and a
 * string's characters with a header. Not V8's exact figure (nothing cheap is), but a pure
 * function of the data, so the same snapshot always weighs the same, and proportional to what
 * it holds. One walk, no copy: it costs a fraction of what taking the snapshot cost.
 */
export function estimateBytes(value: unknown): number {
  let bytes = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    bytes += 8;
    if (typeof v === 'string') bytes += 16 + v.length;
    else if (Array.isArray(v)) {
      bytes += 16;
      for (let i = 0; i < v.length; i++) stack.push(v[i]);
    } else if (typeof v === 'object' && v !== null) {
      bytes += 24;
      for (const key in v) stack.push((v as Record<string, unknown>)[key]);
    }
  }
  return bytes;
}

/**
 * Snapshots of a run, for going back in time (checkpoint plus replay, as RaftScope and Runway
 * do): every virtual second while they are cheap, further apart as they grow costly. When too
 * many pile up, or together they weigh more than their budget in bytes, every other one of the
 * older half goes (again, until they fit), so a long session keeps fine steps near now and coarse
 * ones far back; the first and the newest always stay. Which checkpoints exist never changes
 * what a seek shows: it replays exactly from whichever it starts.
 */
export class CheckpointStore {
  private list: { at: Micros; snapshot: InProcessSnapshot; bytes: number }[] = [];
  private totalBytes = 0;
  /** How far apart checkpoints are taken while playing (whole seconds). */
  private spacing: Micros = EVERY_US;

  constructor(private readonly maxBytes: number = MAX_CHECKPOINT_BYTES) {}

  /** What the checkpoints kept weigh together (estimateBytes). */
  get bytes(): number {
    return this.totalBytes;
  }

  get count(): number {
    return this.list.length;
  }

  /** The next checkpoint time after `now`; `every` (whole seconds) overrides the spacing. */
  nextDueAfter(now: Micros, every: Micros = this.spacing): Micros {
    return (Math.floor(now / every) + 1) * every;
  }

  /** Learns what the last snapshot cost (wall ms) and spaces the next ones to fit the budget. */
  costWas(wallMs: number): void {
    const seconds = Math.ceil(wallMs / BUDGET_MS_PER_VIRTUAL_S);
    this.spacing = Math.min(MAX_SPACING_US, Math.max(EVERY_US, seconds * EVERY_US));
  }

  get spacingUs(): Micros {
    return this.spacing;
  }

  /**
   * Where a catch-up (a stretch of `span` run in one go, workers/coordinator-service.ts) starts
   * taking checkpoints: at most `most` of them over the stretch, in whole seconds.
   * `catchUpSpacing` widens it once the first one's cost is known.
   */
  static spacingFor(span: Micros, most = CATCH_UP_MOST): Micros {
    return Math.max(EVERY_US, Math.ceil(span / most / EVERY_US) * EVERY_US);
  }

  /** The whole second at or before `at` (where a checkpoint may go), never before 0. */
  static wholeSecondAtOrBefore(at: Micros): Micros {
    return Math.max(0, Math.floor(at / EVERY_US) * EVERY_US);
  }

  isDue(at: Micros): boolean {
    return at % EVERY_US === 0 && !this.list.some((c) => c.at === at);
  }

  add(at: Micros, snapshot: InProcessSnapshot, bytes: number = estimateBytes(snapshot)): void {
    this.list.push({ at, snapshot, bytes });
    this.list.sort((a, b) => a.at - b.at);
    this.totalBytes += bytes;
    if (this.list.length > MAX_KEPT) this.thinOlderHalf();
    while (this.totalBytes > this.maxBytes && this.list.length > 2) {
      const before = this.list.length;
      this.thinOlderHalf();
      // Three left: the older half is the first alone, which stays; the middle one goes.
      if (this.list.length === before) this.keep((_, i) => i !== 1);
    }
  }

  /** Every other one of the older half goes; the first stays (a seek to the very start needs it). */
  private thinOlderHalf(): void {
    const half = Math.floor(this.list.length / 2);
    this.keep((_, i) => i >= half || i % 2 === 0);
  }

  private keep(which: (c: { at: Micros }, i: number) => boolean): void {
    this.list = this.list.filter(which);
    this.totalBytes = this.list.reduce((sum, c) => sum + c.bytes, 0);
  }

  atOrBefore(at: Micros): InProcessSnapshot | null {
    let found: InProcessSnapshot | null = null;
    for (const c of this.list) if (c.at <= at) found = c.snapshot;
    return found;
  }

  dropAfter(at: Micros): void {
    this.keep((c) => c.at <= at);
  }
}
