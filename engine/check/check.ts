import { explainFailure } from './explain';
import { validateHistory, type Operation } from './history';
import { minimiseFailure } from './minimise';
import type { Model } from './model';
import { prepareSearch } from './prepare';
import { searchLinearization } from './search';

export interface CheckOptions {
  /**
   * Search steps (one tried operation or one backtrack each) over all parts before the answer
   * is `unknown`. The search is exponential in the worst case; a history of a few thousand
   * operations per key with modest concurrency needs about one or two steps per operation.
   */
  maxSteps?: number;
  /** Search steps spent shrinking a failure; when they run out the history is left larger. */
  maxMinimiseSteps?: number;
}

export const DEFAULT_MAX_STEPS = 1_000_000;
export const DEFAULT_MAX_MINIMISE_STEPS = 1_000_000;

export type LinearizabilityResult<I, O> =
  | { ok: true }
  | {
      ok: false;
      /** The part (key) that fails, if the model partitions histories. */
      key?: string;
      /**
       * A few operations of the history (the same objects) that cannot be linearized whatever
       * the others did, in call order.
       */
      minimalHistory: Operation<I, O>[];
      /** False if shrinking stopped at its budget (the history is honest, maybe not minimal). */
      minimal: boolean;
      /**
       * The longest valid order found: `minimalHistory`'s operations it could place, with other
       * operations of the history (which may or may not have happened) where they help.
       */
      partialLinearization: Operation<I, O>[];
      /** The operations of `minimalHistory` that order leaves out: the ones to mark. */
      notLinearized: Operation<I, O>[];
      explanation: string;
    }
  | { ok: 'unknown'; key?: string; reason: string };

/**
 * Is the history linearizable with respect to the model (Herlihy & Wing 1990)? Parts are
 * checked one by one in the order `model.partition` gives them (each with Wing & Gong's search
 * and Lowe's cache); the first failing part is shrunk and explained. Pure and deterministic: the
 * same history gives the same answer, explanation and step counts on every run.
 *
 * @throws RangeError if the history is malformed (see `validateHistory`).
 */
export function checkLinearizability<S, I, O>(
  model: Model<S, I, O>,
  history: readonly Operation<I, O>[],
  options: CheckOptions = {},
): LinearizabilityResult<I, O> {
  validateHistory(history);
  const maxSteps = options.maxSteps ?? DEFAULT_MAX_STEPS;
  const parts = model.partition ? model.partition(history) : [history.slice()];
  let steps = 0;

  for (const [index, part] of parts.entries()) {
    const key = model.partitionKey && part.length > 0 ? model.partitionKey(part) : undefined;
    const { ops } = prepareSearch(model, part, () => true);
    const result = searchLinearization(model, ops, { maxSteps: maxSteps - steps });
    steps += result.steps;
    if (result.verdict === 'linearizable') continue;
    if (result.verdict === 'gave-up') {
      const which = key === undefined ? `part ${index + 1} of ${parts.length}` : `key ${JSON.stringify(key)}`;
      return {
        ok: 'unknown',
        ...(key === undefined ? {} : { key }),
        reason:
          `No verdict on ${which} (${part.length} operations) within ${maxSteps} search steps; ` +
          `the ${index} part(s) before it are linearizable.`,
      };
    }
    return failure(model, part, key, options.maxMinimiseSteps ?? DEFAULT_MAX_MINIMISE_STEPS);
  }
  return { ok: true };
}

function failure<S, I, O>(
  model: Model<S, I, O>,
  part: readonly Operation<I, O>[],
  key: string | undefined,
  maxMinimiseSteps: number,
): LinearizabilityResult<I, O> {
  const minimised = minimiseFailure(model, part, maxMinimiseSteps);
  const minimalHistory = minimised.operations;
  // Search the configuration the minimiser proved failing (the kept operations required, the
  // others optional) once more, for the order to show: the optional ones it places give the
  // context (the writes a read may have seen), without being needed for the failure.
  const kept = new Set(minimised.indices);
  const { ops, origin } = prepareSearch(model, part, (index) => kept.has(index));
  const search = searchLinearization(model, ops, {
    maxSteps: Math.max(1, maxMinimiseSteps - minimised.steps),
    recordLongest: true,
  });
  // Shrinking only keeps histories proven non-linearizable, so this would be a bug here.
  if (search.verdict === 'linearizable') throw new Error('linearizability checker: the minimal history is linearizable');
  const longest = search.verdict === 'not-linearizable' ? search.longest.map((i) => part[origin[i]!]!) : null;
  const placed = new Set(longest ?? []);
  const notLinearized = minimalHistory.filter((op) => !placed.has(op));
  const facts = { key, minimalHistory, partialLinearization: longest, notLinearized, minimal: minimised.minimal };
  return {
    ok: false,
    ...(key === undefined ? {} : { key }),
    minimalHistory,
    minimal: minimised.minimal,
    partialLinearization: longest ?? [],
    notLinearized,
    explanation: explainFailure(model, facts),
  };
}
