import type { Micros } from '../kernel/time';

/**
 * One client operation as its client saw it: what it asked (`input`), what it got back
 * (`output`), when it called and when the answer came back, in virtual microseconds.
 *
 * `return: null` means the operation timed out or never returned: the client cannot know whether
 * it took effect. The checker then treats it as *optional*: it may be linearized at any point
 * after its call, with any output the model allows, or not at all. `output` is ignored for it.
 */
export interface Operation<I, O> {
  client: number;
  input: I;
  /** What the operation returned; ignored (and usually absent) when it timed out. */
  output?: O;
  call: Micros;
  return: Micros | null;
}

/**
 * Rejects a history the checker cannot judge (times that are not numbers, a return before its
 * call, a completed operation without an output) with a message that names the operation:
 * a malformed history is a bug in whoever recorded it, not a verdict on the system.
 */
export function validateHistory(history: readonly Operation<unknown, unknown>[]): void {
  history.forEach((op, index) => {
    const where = `history[${index}] (client ${String(op.client)})`;
    if (!Number.isFinite(op.call)) throw new RangeError(`${where}: call time ${String(op.call)} is not a finite number`);
    if (op.return === null) return;
    if (!Number.isFinite(op.return)) throw new RangeError(`${where}: return time ${String(op.return)} is not a finite number or null`);
    if (op.return < op.call) throw new RangeError(`${where}: returned at ${op.return} µs, before its call at ${op.call} µs`);
    if (op.output === undefined) throw new RangeError(`${where}: returned at ${op.return} µs but has no output (use return: null for a timed-out operation)`);
  });
}

/** "10–25 µs" or "10 µs–timed out", for messages. */
export function formatInterval(op: Operation<unknown, unknown>): string {
  return op.return === null ? `called at ${op.call} µs, timed out` : `${op.call}–${op.return} µs`;
}
