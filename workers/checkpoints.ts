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

  nextDueAfter(now: Micros): Micros {
    return (Math.floor(now / EVERY_US) + 1) * EVERY_US;
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
