import type { InProcessSnapshot } from '../engine/runner/inprocess';
import type { Micros } from '../engine/kernel/time';

const EVERY_US = 1_000_000;
const MAX_KEPT = 240;

/**
 * Snapshots of a run every virtual second, for going back in time (checkpoint plus replay, as
 * RaftScope and Runway do). When too many pile up, every other one of the older half goes, so
 * a long session keeps fine steps near now and coarse ones far back.
 */
export class CheckpointStore {
  private list: { at: Micros; snapshot: InProcessSnapshot }[] = [];

  /** The next checkpoint time after `now`; `every` (whole seconds) spaces them wider. */
  nextDueAfter(now: Micros, every: Micros = EVERY_US): Micros {
    return (Math.floor(now / every) + 1) * every;
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
