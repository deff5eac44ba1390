import type { QueuedEvent } from './events';

/**
 * The pause fault (a long garbage-collection pause, a stopped VM): unlike a crash the node keeps
 * its memory, and it runs no handler while frozen. Semantics, the same in both runners because
 * both hand a node its events in canonical order and the node host holds them:
 *
 * - Messages addressed to a paused node still arrive at their due time (a link cut or a click
 *   that loses a message on arrival loses it then) and wait; its timers that fall due wait; so
 *   do client operations sent to it.
 * - At `resume` everything that waited runs at the resume instant, in the original canonical
 *   order, before anything else of that instant: `ctx.now()` reads the resume time, and what the
 *   node sends then carries the network's latency from the resume time. A timer cancelled by an
 *   earlier waiting handler does not fire.
 * - A crash of a paused node is a crash: what waited is lost with it (drops with reason
 *   "crash"); the restarted node is a fresh, running process.
 * - In the worker runner the paused node's worker still takes part in every window exchange; it
 *   sends nothing while paused, so the lookahead argument holds unchanged.
 */
export class HeldEvents {
  private readonly events: QueuedEvent[];

  constructor(events: readonly QueuedEvent[] = []) {
    this.events = [...events];
  }

  /** Arrives in canonical order (each runner hands a node its events in that order). */
  hold(event: QueuedEvent): void {
    this.events.push(event);
  }

  get size(): number {
    return this.events.length;
  }

  /** Everything that waited, in the order it fell due; empties the list. */
  takeAll(): QueuedEvent[] {
    return this.events.splice(0, this.events.length);
  }

  snapshot(): QueuedEvent[] {
    return this.events.map((e) => ({ ...e }));
  }
}
