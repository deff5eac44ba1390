import { explainFailure } from './explain';
import { validateHistory, type Operation } from './history';
import { minimiseFailure } from './minimise';
import type { Model } from './model';
import { prepareSearch } from './prepare';
import { partRootsAt } from './roots';
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
  /**
   * How many of the last completed operations before a failure shrinking starts with, the
   * earlier ones taken as recorded; the window then grows fourfold while the budget lasts.
   */
  minimiseWindow?: number;
  /**
   * Let the search place at once what the model's `placeGreedily` vouches for (a read the state
   * accepts). Same verdicts, far fewer steps where many reads and writes overlap; a failure is
   * then searched again without it, for the explanation.
   */
  greedy?: boolean;
}

export const DEFAULT_MAX_STEPS = 5_000_000;
export const DEFAULT_MAX_MINIMISE_STEPS = 2_000_000;
export const DEFAULT_MINIMISE_WINDOW = 16;

export type LinearizabilityResult<I, O> =
  | { ok: true }
  | {
      ok: false;
      /** The part (key) that fails, if the model partitions histories. */
      key?: string;
      /**
       * A few operations of the history (the same objects), in call order, that cannot be
       * linearized whatever the others did (see `recordedBefore` for the one exception).
       */
      minimalHistory: Operation<I, O>[];
      /** False if shrinking stopped at its budget (the history is honest, maybe not minimal). */
      minimal: boolean;
      /**
       * Set when the operations called before this time were taken as recorded to keep the
       * shrinking within budget: they are linearizable on their own, and the minimal history
       * fails after every way they could have gone. (Absent: it fails whatever the others did.)
       */
      recordedBefore?: number;
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
    const { ops, origin } = prepareSearch(model, part, () => true);
    let result = searchLinearization(model, ops, { maxSteps: maxSteps - steps, greedy: options.greedy === true });
    steps += result.steps;
    let rerunFailed = false;
    if (result.verdict === 'not-linearizable' && options.greedy === true) {
      // The verdict is exact; the explanation needs every configuration a plain search meets.
      const plain = searchLinearization(model, ops, { maxSteps: Math.max(0, maxSteps - steps) });
      steps += plain.steps;
      if (plain.verdict === 'not-linearizable') result = plain;
      else rerunFailed = true;
    }
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
    return failure(model, part, key, {
      maxSteps: options.maxMinimiseSteps ?? DEFAULT_MAX_MINIMISE_STEPS,
      stuckAt: result.stuckAt,
      rootsAt: rerunFailed ? () => null : partRootsAt(result.explored, origin),
      firstWindow: options.minimiseWindow ?? DEFAULT_MINIMISE_WINDOW,
    });
  }
  return { ok: true };
}

function failure<S, I, O>(
  model: Model<S, I, O>,
  part: readonly Operation<I, O>[],
  key: string | undefined,
  minimise: Parameters<typeof minimiseFailure>[2],
): LinearizabilityResult<I, O> {
  const minimised = minimiseFailure(model, part, minimise);
  const minimalHistory = minimised.operations;
  const partial = minimised.partial === null ? null : minimised.partial.map((index) => part[index]!);
  const placed = new Set(partial ?? []);
  const notLinearized = minimalHistory.filter((op) => !placed.has(op));
  const explanation = explainFailure(model, {
    key,
    minimalHistory,
    partialLinearization: partial,
    notLinearized,
    minimal: minimised.minimal,
    recordedBefore: minimised.recordedBefore,
    statesAtCut: minimised.statesAtCut,
  });
  return {
    ok: false,
    ...(key === undefined ? {} : { key }),
    minimalHistory,
    minimal: minimised.minimal,
    ...(minimised.recordedBefore === null ? {} : { recordedBefore: minimised.recordedBefore }),
    partialLinearization: partial ?? [],
    notLinearized,
    explanation,
  };
}
