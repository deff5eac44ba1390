import type { InProcessSnapshot } from '../engine/runner/inprocess';
import type { Micros } from '../engine/kernel/time';

const EVERY_US = 1_000_000;
const MAX_KEPT = 240;
/** The widest spacing while playing: a seek back replays at most this much (in one thread, fast). */
const MAX_SPACING_US = 60_000_000;
/**
 * Wall time a checkpoint may cost per virtual second while playing. A snapshot copies the whole
 * state, which grows with the run (Raft's logs): 3 ms at 1 minute, 28 ms at 10, 140 ms at 30
 * minutes of the page's default load. Spacing them to fit keeps playback smooth and memory flat.
 */
const BUDGET_MS_PER_VIRTUAL_S = 2;

/**
 * Snapshots of a run, for going back in time (checkpoint plus replay, as RaftScope and Runway
 * do): every virtual second while they are cheap, further apart as they grow costly. When too
 * many pile up, every other one of the older half goes, so a long session keeps fine steps near
 * now and coarse ones far back. Which checkpoints exist never changes what a seek shows: it
 * replays exactly from whichever it starts.
 */
export class CheckpointStore {
  private list: { at: Micros; snapshot: InProcessSnapshot }[] = [];
  /** How far apart checkpoints are taken while playing (whole seconds). */
  private spacing: Micros = EVERY_US;

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
   * How far apart to take checkpoints over a stretch of `span` run in one go: every second,
   * unless that would make more than `most` of them. Each costs a copy of the whole state, which
   * grows with the run, so a 10-minute catch-up with one a second spent most of its time copying.
   */
  static spacingFor(span: Micros, most = 60): Micros {
    return Math.max(EVERY_US, Math.ceil(span / most / EVERY_US) * EVERY_US);
  }

  isDue(at: Micros): boolean {
    return at % EVERY_US === 0 && !this.list.some((c) => c.at === at);
  }

  add(at: Micros, snapshot: InProcessSnapshot): void {
    this.list.push({ at, snapshot });
    this.list.sort((a, b) => a.at - b.at);
    if (this.list.length > MAX_KEPT) {
      const half = Math.floor(this.list.length / 2);
      this.list = [...this.list.slice(0, half).filter((_, i) => i % 2 === 0), ...this.list.slice(half)];
    }
  }

  atOrBefore(at: Micros): InProcessSnapshot | null {
    let found: InProcessSnapshot | null = null;
    for (const c of this.list) if (c.at <= at) found = c.snapshot;
    return found;
  }

  dropAfter(at: Micros): void {
    this.list = this.list.filter((c) => c.at <= at);
  }
}
