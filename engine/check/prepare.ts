import type { Operation } from './history';
import type { Model } from './model';
import type { SearchOperation } from './search';

export interface PreparedSearch<I, O> {
  ops: SearchOperation<I, O>[];
  /** `origin[i]`: the index in the given operations of `ops[i]`. */
  origin: number[];
}

/**
 * Turns a part of a history into the search's operations. A timed-out operation is optional
 * with an unknown output; a completed one is required if `required(index)` says so and
 * optional otherwise (the minimiser's way of saying "it may or may not have happened").
 *
 * A timed-out operation whose last use the model bounds (`model.lastUseOfTimedOut`) is given
 * that time as its return, or dropped if it comes before its call.
 *
 * Two kinds of optional operations are dropped, since no linearization needs them:
 * - read-only ones (`model.readOnly`): placing one never changes the state, and leaving it out
 *   is allowed, so they constrain nothing (a timed-out read above all);
 * - ones called after the last required operation returned: every required operation comes
 *   before them in any linearization, so cutting a linearization after the last required one
 *   leaves them all out.
 */
export function prepareSearch<S, I, O>(
  model: Model<S, I, O>,
  operations: readonly Operation<I, O>[],
  required: (index: number) => boolean,
): PreparedSearch<I, O> {
  const isRequired = (op: Operation<I, O>, index: number) => op.return !== null && required(index);
  let lastRequiredReturn = -Infinity;
  operations.forEach((op, index) => {
    if (isRequired(op, index)) lastRequiredReturn = Math.max(lastRequiredReturn, op.return!);
  });

  const lastUse = model.lastUseOfTimedOut?.(operations);
  const ops: SearchOperation<I, O>[] = [];
  const origin: number[] = [];
  operations.forEach((op, index) => {
    const optional = !isRequired(op, index);
    const output = op.return === null ? undefined : op.output;
    if (optional && (op.call > lastRequiredReturn || model.readOnly?.(op.input, output) === true)) return;
    let ret = op.return;
    if (ret === null && lastUse !== undefined && lastUse[index]! < Infinity) {
      if (lastUse[index]! < op.call) return;
      ret = lastUse[index]!;
    }
    ops.push({ input: op.input, output, call: op.call, return: ret, optional });
    origin.push(index);
  });
  return { ops, origin };
}
