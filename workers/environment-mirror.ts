import type { Action, Actor } from '../engine/kernel/actions';
import type { CommandEvent } from '../engine/kernel/events';
import { FaultState } from '../engine/kernel/faults';
import { compareKeys, instantKey, type EventKey } from '../engine/kernel/key';
import type { TraceEvent } from '../engine/kernel/trace';
import { actionEvent, Timeline } from '../engine/runner/timeline';
import type { WorkloadStream } from '../engine/scenario/workload';
import type { ResolvedScale } from '../engine/kernel/scaling';

/**
 * The coordinator's copy of what every worker knows about the environment: the timeline, the
 * fault state and the workload stream, advanced exactly as the workers advance theirs. It lets
 * the coordinator record action events, hand a restarted worker its starting point and find the
 * next event for a single-event step, without asking a worker.
 */
export class EnvironmentMirror {
  /** Requests for nodes resolved for an instant not yet applied (kernel/scaling.ts), in order. */
  effects: ResolvedScale[] = [];

  constructor(
    readonly faults: FaultState,
    readonly workload: WorkloadStream | null,
    readonly timeline: Timeline,
  ) {}

  /** The next instant with a timeline action or a resolved request. */
  nextActionAt(): number {
    return Math.min(this.timeline.nextAt(), this.effects[0]?.at ?? Number.MAX_SAFE_INTEGER);
  }

  /**
   * Applies every action before `horizon`, advancing the workload alongside as workers do. The
   * operations themselves are the workers' business: the stream only skips past them (a horizon
   * may be a whole day ahead, and its operations must never exist all at once).
   */
  advance(horizon: EventKey, record: (e: TraceEvent) => void): void {
    for (;;) {
      const at = this.nextActionAt();
      if (compareKeys(instantKey(at), horizon) >= 0) break;
      this.workload?.skip(at, this.faults);
      for (const { index, action, by } of this.timeline.takeAt(at)) this.apply(at, index, action, record, by);
      this.applyEffects(at, Infinity, record);
    }
    const limit = compareKeys(horizon, instantKey(horizon.at)) === 0 ? horizon.at : horizon.at + 1;
    this.workload?.skip(limit, this.faults);
  }

  /**
   * Applies the next `count` actions, all due at instant `at`: one stage of an instant the
   * workers apply in parts (instant-stages.ts). The workload waits: operations of the instant
   * are drawn after its last action, as every runner draws them.
   */
  applyStage(at: number, count: number, record: (e: TraceEvent) => void): void {
    const taken = this.timeline.takeAt(at, count);
    for (const { index, action, by } of taken) this.apply(at, index, action, record, by);
    this.applyEffects(at, count - taken.length, record);
  }

  private applyEffects(at: number, max: number, record: (e: TraceEvent) => void): void {
    for (let n = 0; n < max && this.effects[0]?.at === at; n++) {
      const { event, action } = this.effects.shift()!;
      record(event);
      if (action) this.faults.apply(action);
    }
  }

  /** The next client operation, exactly (its target node included), without consuming it. */
  peekOperation(): CommandEvent | null {
    if (!this.workload) return null;
    const at = this.workload.nextAt();
    if (at >= this.nextActionAt()) return null; // an action comes first and may change targets
    const probe = this.workload.clone();
    return probe.pull(at + 1, this.faults)[0] ?? null;
  }

  private apply(at: number, index: number, action: Action, record: (e: TraceEvent) => void, by?: Actor): void {
    record(actionEvent(at, index, action, by));
    this.faults.apply(action);
  }
}
