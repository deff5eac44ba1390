import { ConfigurationCache, type CachedConfiguration, type ConfigurationBuffers } from './configuration-cache';
import { END, EventList } from './events';
import type { Model } from './model';

/**
 * An operation as the search sees it. A *required* operation must be linearized between its
 * call and its return. An *optional* one may be linearized after its call (and before its
 * return, if it has one) or left out. A timed-out operation (`return: null`) is always optional,
 * with an unknown output (`undefined`); the minimiser also makes completed operations optional.
 */
export interface SearchOperation<I, O> {
  input: I;
  output: O | undefined;
  call: number;
  return: number | null;
  optional: boolean;
}

/**
 * What a failed search explored: every configuration (or one dominating it), with its
 * operations numbered in call order (`opIndex[id]` is the index into the search's `ops`).
 */
export interface ExploredConfigurations<S> {
  configurations: () => Iterable<CachedConfiguration<S>>;
  ops: readonly SearchOperation<unknown, unknown>[];
  optional: readonly boolean[];
  opIndex: readonly number[];
}

/** A configuration to start from: operations already placed (indices into `ops`), a state. */
export interface SearchRoot<S> {
  placed: readonly number[];
  state: S;
}

export type SearchResult<S = unknown> =
  /** `order`: indices of the linearized operations after the root's, in order. */
  | { verdict: 'linearizable'; steps: number; order: number[] }
  /**
   * `longest`: the partial linearization met that places the most required operations, then
   * the fewest operations, first found on ties (empty unless asked for). `stuckAt`: the latest
   * first-return time of any configuration met: the search never got past it, so operations
   * called after it played no part in the failure.
   */
  | {
      verdict: 'not-linearizable';
      steps: number;
      longest: number[];
      /** The root `longest` starts from (its index in `roots`). */
      longestRoot: number;
      stuckAt: number;
      /** Every configuration it explored, for `rootsAt` (roots.ts). */
      explored: ExploredConfigurations<S>;
    }
  | { verdict: 'gave-up'; steps: number };

export interface SearchOptions<S> {
  /**
   * Search steps before giving up: one per event or candidate looked at, backtrack, or cached
   * configuration compared, so that it bounds the time taken.
   */
  maxSteps: number;
  /** Keep the longest partial linearization met: costs a copy each time it grows. */
  recordLongest?: boolean;
  /** Start from these configurations, in turn, instead of from nothing placed and `init()`. */
  roots?: readonly SearchRoot<S>[];
  /**
   * Place first, with no alternative, any candidate the model's `placeGreedily` vouches for.
   * The verdict stays exact, but fewer configurations are explored (none for `rootsAt`).
   */
  greedy?: boolean;
}

/**
 * The candidates of a configuration, in the order they are tried. Required operations come
 * first and optional ones last, so that the cache meets a configuration with fewer optional
 * operations placed (which dominates the others) before those it dominates.
 */
const enum Phase {
  /** A required candidate the model lets place at once (`placeGreedily`), if any. */
  Greedy,
  /** Required operations whose call precedes the first return event. */
  Required,
  /** Optional operations with a return, likewise. */
  Optional,
  /** Timed-out operations called before the first return event. */
  Pending,
  /** Leaving out the operation of the first return event, if optional. */
  LeaveOut,
  /** Nothing left to try here: undo the latest decision. */
  Backtrack,
}

interface Decision<S> {
  op: number;
  /** Left out (an optional operation whose return came), not linearized. */
  leftOut: boolean;
  /** Where the decision was taken, to try the next candidate after backtracking. */
  phase: Phase;
  position: number;
  firstReturn: number;
  stateBefore: S;
  topRequiredBefore: number;
  topOptionalBefore: number;
  /** The configuration it led to, closed (failed) when the decision is undone. */
  reached: CachedConfiguration<S> | null;
}

/**
 * Wing & Gong's search (Wing & Gong 1993, §4; Lowe 2017, §3) with Lowe's cache (§4), in the
 * iterative form Porcupine uses: the operations that may come next are those called before the
 * first return event still in the list; try each in turn (the model must accept it), and on
 * success move to the new configuration and start over; when none is left, undo the latest
 * decision and try the candidate after it. The history is linearizable once every required
 * operation is placed, and not linearizable once there is nothing left to undo.
 *
 * Optional operations extend it: one with a return may also be left out when its return event
 * is the first left (a decision like any other, undone on backtracking); a timed-out one never
 * blocks anything and may be placed whenever it has been called. An optional operation is
 * placed only if it changes the state: placing it without effect only narrows what may follow
 * (leaving it out lets everything else go ahead just as well, and keeps it for later), and
 * trying it would double the configurations for each such operation.
 *
 * Iteration order is fixed by the operations' times and their order in `ops`, so the search,
 * its step count and its partial linearization are the same on every run.
 */
export function searchLinearization<S, I, O>(
  model: Model<S, I, O>,
  ops: readonly SearchOperation<I, O>[],
  options: SearchOptions<S>,
): SearchResult<S> {
  return new Search(model, ops, options).run();
}

class Search<S, I, O> {
  /** `ops` indices in call order: ids are positions here. */
  private readonly byCall: number[];
  private readonly idOf: Int32Array;
  private readonly sorted: SearchOperation<I, O>[];
  private readonly optional: boolean[];
  private readonly events: EventList;
  private readonly pendingIds: number[];
  private readonly pendingPlaced: Uint8Array;
  private readonly cache: ConfigurationCache<S>;
  private readonly key: ConfigurationBuffers;
  private readonly requiredCount: number;
  private readonly greedy: boolean;

  private state: S;
  private requiredLeft: number;
  private topRequired = -1;
  private topOptional = -1;
  private readonly decisions: Decision<S>[] = [];
  /** Placed by the current root, before any decision. */
  private rootPlaced: number[] = [];
  private linearizedCount = 0;
  private mostRequiredPlaced = -1;
  private longest: number[] = [];
  private longestRoot = 0;
  private rootIndex = 0;
  private stuckAt = -Infinity;
  private steps = 0;

  private phase = Phase.Required;
  private position = END;
  private firstReturn = END;

  constructor(
    private readonly model: Model<S, I, O>,
    ops: readonly SearchOperation<I, O>[],
    private readonly options: SearchOptions<S>,
  ) {
    // Number the operations in call order: the event list and the cache's keys rely on it.
    this.byCall = ops.map((_, index) => index).sort((a, b) => ops[a]!.call - ops[b]!.call || a - b);
    this.idOf = new Int32Array(ops.length);
    this.byCall.forEach((index, id) => (this.idOf[index] = id));
    this.sorted = this.byCall.map((index) => ops[index]!);
    const n = this.sorted.length;
    this.optional = this.sorted.map((op) => op.optional || op.return === null);
    this.events = new EventList(
      this.sorted.map((op) => op.call),
      this.sorted.map((op) => op.return),
    );
    this.pendingIds = this.sorted.flatMap((op, id) => (op.return === null ? [id] : []));
    this.pendingPlaced = new Uint8Array(n);
    this.cache = new ConfigurationCache<S>(
      (a, b) => model.equal(a, b),
      (state) => model.hash(state),
    );
    this.key = {
      required: new Int32Array(n + 1),
      requiredLength: 0,
      optional: new Int32Array(n + 1),
      optionalLength: 0,
      pending: new Int32Array(n),
      pendingLength: 0,
    };
    this.requiredCount = this.optional.filter((o) => !o).length;
    this.greedy = options.greedy === true && model.placeGreedily !== undefined;
    this.requiredLeft = this.requiredCount;
    this.state = model.init();
  }

  run(): SearchResult<S> {
    const roots = this.options.roots ?? [{ placed: [], state: this.model.init() }];
    for (const [index, root] of roots.entries()) {
      this.rootIndex = index;
      const outcome = this.fromRoot(root);
      if (outcome !== null) return outcome;
    }
    return {
      verdict: 'not-linearizable',
      steps: this.totalSteps(),
      longest: this.longest,
      longestRoot: this.longestRoot,
      stuckAt: this.stuckAt,
      explored: { configurations: () => this.cache.entries(), ops: this.sorted, optional: this.optional, opIndex: this.byCall },
    };
  }

  /** Searches from one root; null when it fails (everything is then put back). */
  private fromRoot(root: SearchRoot<S>): SearchResult<S> | null {
    for (const index of root.placed) this.lift(this.idOf[index]!);
    this.rootPlaced = root.placed.map((index) => this.idOf[index]!);
    this.state = root.state;
    this.writeKey();
    const reached = this.cache.add(this.key, this.state);
    const outcome = reached === null ? null : this.depthFirst();
    if (reached !== null) reached.open = false;
    for (let i = this.rootPlaced.length - 1; i >= 0; i--) this.unlift(this.rootPlaced[i]!);
    this.rootPlaced = [];
    this.topRequired = -1;
    this.topOptional = -1;
    return outcome;
  }

  private depthFirst(): SearchResult<S> | null {
    const { events, sorted, optional, model } = this;
    this.restart();
    for (;;) {
      if (this.requiredLeft === 0) {
        return { verdict: 'linearizable', steps: this.totalSteps(), order: this.linearizedOrder() };
      }
      if (this.totalSteps() >= this.options.maxSteps) return { verdict: 'gave-up', steps: this.totalSteps() };
      this.steps++;

      switch (this.phase) {
        case Phase.Greedy: {
          const event = this.position;
          if (event !== END && events.isCall(event)) {
            const op = events.op(event);
            if (!optional[op]) {
              const { input, output } = sorted[op]!;
              const result = model.step(this.state, input, output);
              if (result.ok && model.placeGreedily!(this.state, input, output!)) {
                // Complete: this configuration finishes iff the one it leads to does, so a
                // known (failed) one fails this one too.
                if (!this.tryPlace(op, result.state, false)) this.phase = Phase.Backtrack;
                continue;
              }
            }
            this.position = events.after(event);
          } else {
            this.phase = Phase.Required;
            this.position = events.first();
          }
          continue;
        }
        case Phase.Required:
        case Phase.Optional: {
          const event = this.position;
          if (event !== END && events.isCall(event)) {
            const op = events.op(event);
            if (optional[op] === (this.phase === Phase.Optional)) {
              const result = model.step(this.state, sorted[op]!.input, sorted[op]!.output);
              const useful = this.phase === Phase.Required || !model.equal(result.state, this.state);
              if (result.ok && useful && this.tryPlace(op, result.state, false)) continue;
            }
            this.position = events.after(event);
          } else if (this.phase === Phase.Required) {
            this.phase = Phase.Optional;
            this.position = events.first();
          } else {
            // The first return event: nothing called after it may come next.
            this.firstReturn = event;
            this.stuckAt = Math.max(this.stuckAt, event === END ? Infinity : events.time(event));
            this.phase = Phase.Pending;
            this.position = 0;
          }
          continue;
        }
        case Phase.Pending: {
          const limit = this.firstReturn === END ? Infinity : events.time(this.firstReturn);
          const { pendingIds, pendingPlaced } = this;
          while (this.position < pendingIds.length && pendingPlaced[pendingIds[this.position]!] === 1) this.position++;
          // At equal times a call comes before a return (see EventList).
          if (this.position < pendingIds.length && sorted[pendingIds[this.position]!]!.call <= limit) {
            const op = pendingIds[this.position]!;
            const result = model.step(this.state, sorted[op]!.input, undefined);
            if (result.ok && !model.equal(result.state, this.state) && this.tryPlace(op, result.state, false)) continue;
            this.position++;
          } else {
            this.phase = Phase.LeaveOut;
          }
          continue;
        }
        case Phase.LeaveOut: {
          // A required operation here was tried at every earlier point: only an optional one
          // may still be left out.
          if (this.firstReturn !== END) {
            const op = events.op(this.firstReturn);
            if (optional[op] && this.tryPlace(op, this.state, true)) continue;
          }
          this.phase = Phase.Backtrack;
          continue;
        }
        case Phase.Backtrack: {
          const last = this.decisions.pop();
          if (last === undefined) return null;
          this.undo(last);
          last.reached!.open = false;
          this.firstReturn = last.firstReturn;
          this.phase = last.phase;
          if (this.phase === Phase.Greedy) this.phase = Phase.Backtrack;
          else if (this.phase === Phase.Required || this.phase === Phase.Optional) this.position = events.after(last.position);
          else if (this.phase === Phase.Pending) this.position = last.position + 1;
          // Leaving an operation out is the last choice of its configuration: keep undoing.
          else this.phase = Phase.Backtrack;
          continue;
        }
      }
    }
  }

  /** Steps taken, counting each configuration the cache compared as one (see `comparisons`). */
  private totalSteps(): number {
    return this.steps + this.cache.comparisons;
  }

  private restart(): void {
    this.phase = this.greedy ? Phase.Greedy : Phase.Required;
    this.position = this.events.first();
  }

  /** Places `op` (linearized or left out) unless the configuration it leads to is known. */
  private tryPlace(op: number, next: S, leftOut: boolean): boolean {
    const decision: Decision<S> = {
      op,
      leftOut,
      phase: this.phase,
      position: this.position,
      firstReturn: this.firstReturn,
      stateBefore: this.state,
      topRequiredBefore: this.topRequired,
      topOptionalBefore: this.topOptional,
      reached: null,
    };
    this.lift(op);
    this.writeKey();
    decision.reached = this.cache.add(this.key, next);
    if (decision.reached === null) {
      this.undo(decision);
      return false;
    }
    this.decisions.push(decision);
    this.state = next;
    if (!leftOut) this.linearizedCount++;
    this.recordLongest();
    this.restart();
    return true;
  }

  private undo(decision: Decision<S>): void {
    this.unlift(decision.op);
    if (!decision.leftOut && decision.reached !== null) this.linearizedCount--;
    this.topRequired = decision.topRequiredBefore;
    this.topOptional = decision.topOptionalBefore;
    this.state = decision.stateBefore;
  }

  /** Takes an operation out of what is left (tops are restored by the caller on undo). */
  private lift(op: number): void {
    if (this.sorted[op]!.return === null) this.insertPending(op);
    else {
      this.events.lift(op);
      if (this.optional[op]) this.topOptional = Math.max(this.topOptional, op);
      else this.topRequired = Math.max(this.topRequired, op);
    }
    if (!this.optional[op]) this.requiredLeft--;
  }

  private unlift(op: number): void {
    if (this.sorted[op]!.return === null) this.removePending(op);
    else this.events.unlift(op);
    if (!this.optional[op]) this.requiredLeft++;
  }

  private insertPending(op: number): void {
    const key = this.key;
    let i = key.pendingLength++;
    for (; i > 0 && key.pending[i - 1]! > op; i--) key.pending[i] = key.pending[i - 1]!;
    key.pending[i] = op;
    this.pendingPlaced[op] = 1;
  }

  private removePending(op: number): void {
    const key = this.key;
    const at = key.pending.subarray(0, key.pendingLength).indexOf(op);
    key.pending.copyWithin(at, at + 1, key.pendingLength);
    key.pendingLength--;
    this.pendingPlaced[op] = 0;
  }

  /** Writes the configuration's key (see ConfigurationBuffers) after a change. */
  private writeKey(): void {
    const { key, events, optional, topRequired, topOptional } = this;
    key.required[0] = topRequired;
    key.optional[0] = topOptional;
    let r = 1;
    let o = 1;
    const top = Math.max(topRequired, topOptional);
    // Call events sit in id order; the ones left below `top` are the operations waiting.
    for (let event = events.first(); event !== END; event = events.after(event)) {
      if (!events.isCall(event)) continue;
      const op = events.op(event);
      if (op > top) break;
      if (optional[op]) {
        if (op <= topOptional) key.optional[o++] = op;
      } else if (op <= topRequired) {
        key.required[r++] = op;
      }
    }
    key.requiredLength = r;
    key.optionalLength = o;
  }

  private recordLongest(): void {
    if (this.options.recordLongest !== true) return;
    // The most required operations placed, then the fewest in all: optional ones only where
    // they help (the write a read saw), not every write that may have happened meanwhile.
    const requiredPlaced = this.requiredCount - this.requiredLeft;
    if (requiredPlaced > this.mostRequiredPlaced || (requiredPlaced === this.mostRequiredPlaced && this.linearizedCount < this.longest.length)) {
      this.mostRequiredPlaced = requiredPlaced;
      this.longest = this.linearizedOrder();
      this.longestRoot = this.rootIndex;
    }
  }

  private linearizedOrder(): number[] {
    return this.decisions.filter((d) => !d.leftOut).map((d) => this.byCall[d.op]!);
  }
}
