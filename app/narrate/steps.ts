import type { TraceEvent } from '../../engine/kernel/trace';

/**
 * A node records everything one handler did at one instant as consecutive trace events: the
 * trigger (a timer, a delivery, a client command, a start, a crash) followed by its effects
 * (observations, sends, replies). These cut a trace into such steps.
 */

/** Events that start a step: everything else a node records is an effect of the last trigger. */
export function isTrigger(e: TraceEvent): boolean {
  switch (e.kind) {
    case 'timer':
    case 'deliver':
    case 'invoke':
    case 'start':
    case 'crash':
    case 'action':
    case 'pause':
    case 'resume':
      return true;
    case 'drop':
      // A drop on arrival (cut link, user) is recorded by the receiver; a drop at send or at a
      // crash belongs to the step that sent it or crashed.
      return e.node === e.to && e.node !== e.from && e.reason !== 'crash';
    default:
      return false;
  }
}

/** Cuts a trace (in canonical order) into steps: one trigger and its effects at one node and instant. */
export function splitSteps(events: readonly TraceEvent[]): TraceEvent[][] {
  const steps: TraceEvent[][] = [];
  let current: TraceEvent[] | null = null;
  for (const e of events) {
    const head: TraceEvent | undefined = current?.[0];
    const same = head !== undefined && head.at === e.at && head.node === e.node && head.incarnation === e.incarnation;
    if (!current || !same || isTrigger(e) || e.node < 0) {
      current = [e];
      steps.push(current);
    } else {
      current.push(e);
    }
  }
  return steps;
}
