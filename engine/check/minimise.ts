import type { Operation } from './history';
import type { Model } from './model';
import { prepareSearch } from './prepare';
import { searchLinearization } from './search';

export interface Minimised<I, O> {
  /** The operations kept, in call order: a non-linearizable history on their own. */
  operations: Operation<I, O>[];
  /** Their indices in the part. */
  indices: number[];
  /** False if the budget ran out first: every operation kept may not be needed. */
  minimal: boolean;
  steps: number;
}

/**
 * Shrinks a non-linearizable part of a history to a few operations that still cannot be
 * ordered, dropping chunks of operations, then single ones (a simplified delta debugging, Zeller
 * & Hildebrandt 2002), the later ones first since dropping them shortens every later search.
 *
 * Simply deleting operations would be unsound: without the write that a correct read saw, that
 * read alone looks wrong, and the "minimal history" would blame an innocent operation. So a
 * dropped operation is not deleted but made *optional* (it may or may not have happened, within
 * its interval), and a drop is kept only if the history stays non-linearizable. The result is
 * honest: the kept operations cannot be linearized whatever the dropped ones did, so any
 * sub-history of the original that contains them fails too. Timed-out operations are optional
 * from the start, so they never need keeping.
 *
 * Each try is a full search, all under one step budget; when it runs out, the operations kept
 * so far are returned (still honest, perhaps not minimal).
 */
export function minimiseFailure<S, I, O>(
  model: Model<S, I, O>,
  part: readonly Operation<I, O>[],
  maxSteps: number,
): Minimised<I, O> {
  const byCall = part.map((_, index) => index).sort((a, b) => part[a]!.call - part[b]!.call || a - b);
  let kept = byCall.filter((index) => part[index]!.return !== null);
  let steps = 0;

  /** true: still fails; false: linearizable; null: out of budget. */
  const stillFails = (candidate: readonly number[]): boolean | null => {
    const keep = new Set(candidate);
    const { ops } = prepareSearch(model, part, (index) => keep.has(index));
    const result = searchLinearization(model, ops, { maxSteps: maxSteps - steps });
    steps += result.steps;
    if (result.verdict === 'gave-up') return null;
    return result.verdict === 'not-linearizable';
  };
  const result = (minimal: boolean): Minimised<I, O> => ({
    operations: kept.map((index) => part[index]!),
    indices: kept,
    minimal,
    steps,
  });

  let chunk = Math.max(1, Math.ceil(kept.length / 2));
  for (;;) {
    let dropped = false;
    for (let end = kept.length; end > 0; ) {
      const start = Math.max(0, end - chunk);
      const candidate = kept.slice(0, start).concat(kept.slice(end));
      const fails = stillFails(candidate);
      if (fails === null) return result(false);
      if (fails) {
        kept = candidate;
        dropped = true;
      }
      end = start;
    }
    // Single drops repeat until none helps: a drop can make an earlier-tried one possible.
    if (chunk > 1) chunk = Math.max(1, Math.min(Math.ceil(chunk / 2), Math.ceil(kept.length / 2)));
    else if (!dropped) return result(true);
  }
}
