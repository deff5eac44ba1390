import { USER_OP_BASE, type Action, type Actor, type TimedAction } from '../kernel/actions';
import type { TraceEvent } from '../kernel/trace';
import type { Micros } from '../kernel/time';

/**
 * The scenario's actions in time order and how many have been applied. An action's index is its
 * identity: it orders same-instant actions, numbers their trace events and their op ids.
 */
export class Timeline {
  constructor(
    readonly actions: TimedAction[],
    public applied = 0,
  ) {}

  nextAt(): Micros {
    return this.applied < this.actions.length ? this.actions[this.applied]!.at : Number.MAX_SAFE_INTEGER;
  }

  /**
   * The actions due at instant `at`, with their indices; marks them applied. `max` takes only the
   * first ones (the worker runner applies an instant in stages when a restart must wait for a
   * crash of the same instant).
   */
  takeAt(at: Micros, max = Infinity): { index: number; action: Action; by?: Actor }[] {
    const out: { index: number; action: Action; by?: Actor }[] = [];
    while (out.length < max && this.applied < this.actions.length && this.actions[this.applied]!.at === at) {
      const { action, by } = this.actions[this.applied]!;
      out.push({ index: this.applied, action, by });
      this.applied++;
    }
    return out;
  }

  /** Inserts a new action at `at` (never before one already applied); returns its index. */
  insert(at: Micros, action: Action, by?: Actor): number {
    let i = this.actions.length;
    while (i > this.applied && this.actions[i - 1]!.at > at) i--;
    this.actions.splice(i, 0, by ? { at, action, by } : { at, action });
    return i;
  }
}

/** The environment's trace event for an applied action (recorded by whoever runs the timeline). */
export function actionEvent(at: Micros, index: number, action: Action, by?: Actor): TraceEvent {
  const event: TraceEvent = { kind: 'action', at, node: -1, incarnation: 0, seq: index + 1, action };
  if (by) event.by = by;
  return event;
}

export const userOpId = (index: number) => USER_OP_BASE + index;
