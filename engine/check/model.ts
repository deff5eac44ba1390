import type { Operation } from './history';

export interface StepResult<S> {
  /** Whether the operation, applied to the state, could have returned this output. */
  ok: boolean;
  state: S;
}

/**
 * A sequential specification: the object as if one operation ran at a time. The checker asks
 * whether some order of a history's operations, consistent with real time, is a run of it.
 *
 * States are plain values the checker never mutates: `step` returns a new state (or the same
 * one) and must not change its argument, because the search keeps old states to backtrack to.
 */
export interface Model<S, I, O> {
  init(): S;
  /**
   * Applies one operation. `output` is `undefined` when the operation timed out: then the step
   * must accept (`ok: true`) and return the state the input leads to whatever it returned.
   * Outputs of completed operations are never `undefined` (use `null` for "no value").
   * The model must be deterministic: one state per (state, input, output).
   */
  step(state: S, input: I, output: O | undefined): StepResult<S>;
  /** Equality and a 32-bit hash of states: the search's cache keys on them (Lowe §4). */
  equal(a: S, b: S): boolean;
  hash(state: S): number;
  /**
   * Splits a history into independent parts that are checked one by one, e.g. by key: by the
   * locality of linearizability (Herlihy & Wing 1990, Theorem 1) the whole is linearizable iff
   * every part is, and the search is exponential in a part's concurrency, not the whole's.
   * Each part starts from `init()`.
   */
  partition?(history: readonly Operation<I, O>[]): Operation<I, O>[][];
  /** Names a part for messages (the key, for a key-value store). */
  partitionKey?(operations: readonly Operation<I, O>[]): string;
  /**
   * True if the operation never changes the state (a read, a failed compare-and-set). Optional:
   * it lets the checker drop such operations where they cannot matter (a timed-out read says
   * nothing), which keeps the search small.
   */
  readOnly?(input: I, output: O | undefined): boolean;
  /**
   * Optional, a sound shortcut for timed-out operations, the search's costliest: they never
   * expire, so each one doubles the configurations (placed or not) for the rest of the history.
   * For each timed-out operation of a part, a time after which no linearization needs it: if
   * one places it later, another without it exists. It is then searched as if it had returned
   * at that time (still optional, any output), or dropped if that is before its call.
   * `Infinity` keeps it as it is; entries for completed operations are ignored.
   */
  lastUseOfTimedOut?(operations: readonly Operation<I, O>[]): number[];
  /**
   * Optional, a sound shortcut: true when placing this completed operation next, in `state`
   * (where the model accepts it), loses no linearization: whatever order would have finished
   * from here, one that places it now finishes too. Always true of a read-only operation the
   * state accepts (it changes nothing, and nothing it precedes is hurt). The search then places
   * such an operation without trying the others first (`CheckOptions.greedy`). Wrong answers
   * make the checker unsound.
   */
  placeGreedily?(state: S, input: I, output: O): boolean;
  /** A short human description of an operation, e.g. `write("x", 1)` or `read("x") → 1`. */
  describe(op: Operation<I, O>): string;
  /** Optional: a short human description of a state, for explanations (e.g. `1`). */
  describeState?(state: S): string;
}
