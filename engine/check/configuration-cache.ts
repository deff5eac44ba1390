import { mixHash } from './hash';

/**
 * A configuration of the search (Lowe 2017, §4): which operations are placed (linearized or
 * left out) and the model's state. The placed set is written in three parts, each small
 * whatever the history's length:
 *
 * - `required`: `[top, ...waiting]`, the highest placed required operation (ids are in call
 *   order; -1 if none) and the required ones below it not placed yet. An operation must be
 *   placed before any operation called after it returned, so `waiting` is as long as the
 *   history's concurrency.
 * - `optional`: the same for optional operations that have a return.
 * - `pending`: the timed-out operations placed, ascending (they never pass their return, so
 *   the search keeps them apart and lists only the few it placed).
 *
 * Buffers are filled by the search and copied only when a configuration is stored.
 */
export interface ConfigurationBuffers {
  required: Int32Array;
  requiredLength: number;
  optional: Int32Array;
  optionalLength: number;
  pending: Int32Array;
  pendingLength: number;
}

export interface CachedConfiguration<S> {
  required: Int32Array;
  optional: Int32Array;
  pending: Int32Array;
  state: S;
  /** Still being explored (on the search's current path); closed once it has failed. */
  open: boolean;
}

/**
 * Lowe's memoisation (the refinement of Wing & Gong's search): what is left to search from a
 * configuration depends only on what is placed and on the state, so a configuration met a
 * second time is a dead end already explored (or being explored: along one path the placed set
 * only grows). Porcupine keeps the same cache: buckets by hash, each hit confirmed by equality.
 *
 * It also prunes configurations *dominated* by one that has failed: same required operations
 * placed, same state, and a subset of the optional ones placed. Everything the dominated one
 * can still do, the other could too, by never placing (or by leaving out at its return) the
 * optional operations it did not place; so if that one failed, this one fails. Without this,
 * every timed-out write would double the configurations for the rest of the history: placed
 * or not, in every state. The search tries optional operations last, so it mostly meets the
 * dominating configuration first. Only a *failed* one may prune: a dominating configuration
 * still open may need the dominated one to get anywhere (leaving out an optional operation at
 * its return leads from the first to the second). Only the required part and the state are
 * hashed; dominance is checked inside a bucket.
 */
export class ConfigurationCache<S> {
  private readonly buckets = new Map<number, CachedConfiguration<S>[]>();
  /**
   * Configurations compared so far. A bucket can grow long (many ways to place timed-out
   * operations, one state), so the search counts these as steps too: its budget then bounds
   * the time it takes, not only the configurations it tries.
   */
  comparisons = 0;

  constructor(
    private readonly equal: (a: S, b: S) => boolean,
    private readonly hash: (state: S) => number,
  ) {}

  /** Every configuration recorded (after a failed search: every one it had to explore). */
  *entries(): Iterable<CachedConfiguration<S>> {
    for (const bucket of this.buckets.values()) yield* bucket;
  }

  /**
   * Records the configuration, open, and returns it; null if it was seen before or a failed
   * one dominates it.
   */
  add(c: ConfigurationBuffers, state: S): CachedConfiguration<S> | null {
    let h = this.hash(state);
    for (let i = 0; i < c.requiredLength; i++) h = mixHash(h, c.required[i]!);
    const bucket = this.buckets.get(h);
    if (bucket !== undefined) {
      this.comparisons += bucket.length;
      for (const entry of bucket) {
        if (!sameArray(entry.required, c.required, c.requiredLength) || !this.equal(entry.state, state)) continue;
        const equalRest = sameArray(entry.optional, c.optional, c.optionalLength) && sameArray(entry.pending, c.pending, c.pendingLength);
        if (equalRest) return null;
        // An open entry is an ancestor: it cannot prune a configuration it dominates (see above).
        if (!entry.open && optionalSubset(entry.optional, c.optional, c.optionalLength) && sortedSubset(entry.pending, c.pending, c.pendingLength)) {
          return null;
        }
      }
    }
    const entry: CachedConfiguration<S> = {
      required: c.required.slice(0, c.requiredLength),
      optional: c.optional.slice(0, c.optionalLength),
      pending: c.pending.slice(0, c.pendingLength),
      state,
      open: true,
    };
    if (bucket === undefined) this.buckets.set(h, [entry]);
    else bucket.push(entry);
    return entry;
  }
}

function sameArray(stored: Int32Array, other: Int32Array, length: number): boolean {
  if (stored.length !== length) return false;
  for (let i = 0; i < length; i++) if (stored[i] !== other[i]) return false;
  return true;
}

/** Is every id of `stored` (ascending) in `other` (ascending, `length` long)? */
function sortedSubset(stored: Int32Array, other: Int32Array, length: number): boolean {
  let j = 0;
  for (let i = 0; i < stored.length; i++) {
    const id = stored[i]!;
    while (j < length && other[j]! < id) j++;
    if (j === length || other[j] !== id) return false;
  }
  return true;
}

/**
 * Is the set `[topA, ...waitingA]` names a subset of the one `[topB, ...waitingB]` names? A set
 * is {optional ids ≤ top} minus waiting. So: topA ≤ topB, and whatever B still waits for at or
 * below topA, A waits for too.
 */
function optionalSubset(a: Int32Array, b: Int32Array, bLength: number): boolean {
  const topA = a[0]!;
  if (topA < 0) return true;
  if (topA > b[0]!) return false;
  let i = 1;
  for (let j = 1; j < bLength; j++) {
    const waiting = b[j]!;
    if (waiting > topA) break;
    while (i < a.length && a[i]! < waiting) i++;
    if (i === a.length || a[i] !== waiting) return false;
  }
  return true;
}
