import type { Operation } from './history';
import type { Model } from './model';

/**
 * The definition of linearizability run by brute force, to test the real checker against (as
 * etcd tests its quorum code against a dumb version): try every subset of the optional
 * operations and every order of the chosen ones that respects real time, and run the model
 * over each. No event list, no cache, no partitioning. Exponential: for histories of a handful
 * of operations only.
 *
 * Timed-out operations are always optional (any output: `undefined` is passed to the model);
 * `optional(op)` makes completed ones optional too, as the minimiser does.
 */
export function bruteForceLinearizable<S, I, O>(
  model: Model<S, I, O>,
  history: readonly Operation<I, O>[],
  optional: (op: Operation<I, O>) => boolean = () => false,
): boolean {
  const isOptional = (op: Operation<I, O>) => op.return === null || optional(op);
  const optionalOps = history.filter(isOptional);
  const requiredOps = history.filter((op) => !isOptional(op));
  for (let mask = 0; mask < 1 << optionalOps.length; mask++) {
    const chosen = requiredOps.concat(optionalOps.filter((_, i) => (mask & (1 << i)) !== 0));
    if (someValidOrder(model, chosen, model.init())) return true;
  }
  return false;
}

/** Tries every operation that may come next in `state`, depth first. */
function someValidOrder<S, I, O>(model: Model<S, I, O>, left: readonly Operation<I, O>[], state: S): boolean {
  if (left.length === 0) return true;
  return left.some((op) => {
    // `op` may come next unless another operation left returned before it was called.
    const mustWait = left.some((other) => other !== op && other.return !== null && other.return < op.call);
    if (mustWait) return false;
    const result = model.step(state, op.input, op.return === null ? undefined : op.output);
    return result.ok && someValidOrder(model, left.filter((o) => o !== op), result.state);
  });
}
