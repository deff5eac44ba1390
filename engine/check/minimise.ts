import type { Operation } from './history';
import type { Model } from './model';
import { searchPart, type RootsAt } from './roots';
import type { SearchRoot } from './search';

export interface Minimised<S, I, O> {
  /** The operations kept, in call order: a non-linearizable history on their own. */
  operations: Operation<I, O>[];
  /**
   * Null, or the cut: the operations that returned before it are taken as recorded (they can
   * be linearized, with some of those in flight at the cut), and the kept ones cannot be
   * linearized after any of the ways they could have gone. Whatever the history's other
   * operations did, either way.
   */
  recordedBefore: number | null;
  /** The states the history up to the cut may leave (one per way, repeats removed). */
  statesAtCut: S[];
  /** The longest valid order found (indices into the part), or null if out of budget. */
  partial: number[] | null;
  /** False if the budget ran out first: every operation kept may not be needed. */
  minimal: boolean;
  steps: number;
}

/** Each window holds 4 times more operations than the one before. */
const WINDOW_GROWTH = 4;
/** More ways than this for the history before a cut to go: try an earlier cut. */
const MAX_ROOTS = 256;

/**
 * Shrinks a non-linearizable part of a history to a few operations that still cannot be
 * ordered. Three ideas, each sound (the result never blames an operation wrongly):
 *
 * 1. *Dropped means optional, not deleted.* Simply deleting operations would be unsound:
 *    without the write that a correct read saw, that read alone looks wrong, and the "minimal
 *    history" would blame an innocent. So a dropped operation becomes optional (it may or may
 *    not have happened, within its interval) and a drop is kept only if the history still
 *    fails. The kept operations then fail whatever the dropped ones did. Timed-out operations
 *    are optional from the start.
 * 2. *The end.* The search that found the failure never got past `stuckAt` (the latest
 *    first-return time it met), so operations called after it played no part: they start
 *    dropped.
 * 3. *A window before the end.* Making hundreds of early operations optional would let the
 *    state before the failure be almost anything, and each try would search all of it. So
 *    shrinking works in a window of the last operations before the end, the ones that returned
 *    before it taken as recorded: every try starts from the configurations the history can be
 *    in at the cut (its *roots*), which the failing search has already explored and cached.
 *    Operations in flight at the cut belong to the window (the culprit may be one of them).
 *    The window then grows (16, 64, 256, ... operations by default), each time from the
 *    previous result, so that the claim leans on less of the recorded history (none once the
 *    window reaches the start); it stops when the budget runs out or when a larger window
 *    kept the same operations as the one before (the failure looks local).
 *
 * Inside a window it drops chunks of operations, then single ones (a simplified delta
 * debugging, Zeller & Hildebrandt 2002), the later ones first since that shortens the searches.
 */
export function minimiseFailure<S, I, O>(
  model: Model<S, I, O>,
  part: readonly Operation<I, O>[],
  options: {
    /** Search steps in all, a tenth of them kept for the explanation's search. */
    maxSteps: number;
    /** The failing search's `stuckAt`. */
    stuckAt: number;
    /** The failing search's configurations at a cut. */
    rootsAt: RootsAt<S>;
    /** How many completed operations the first window holds. */
    firstWindow: number;
  },
): Minimised<S, I, O> {
  const { maxSteps, stuckAt } = options;
  const byCall = part.map((_, index) => index).sort((a, b) => part[a]!.call - part[b]!.call || a - b);
  const completed = byCall.filter((index) => part[index]!.return !== null);
  const candidates = completed.filter((index) => part[index]!.call <= stuckAt);
  let steps = 0;
  // A tenth is kept for the last search, which finds the order the explanation shows.
  const reserve = Math.floor(maxSteps / 10);
  const budget = () => maxSteps - reserve - steps;

  /** Taken as recorded: returned before the cut (operations in flight at the cut belong to the window). */
  const recorded = (index: number, cut: number | null) => cut !== null && part[index]!.return !== null && part[index]!.return! < cut;

  /** Searches with `kept` and the operations recorded before `cut` required, from `roots`. */
  const search = (kept: ReadonlySet<number>, cut: number | null, roots: readonly SearchRoot<S>[], last = false) => {
    const required = (index: number) => kept.has(index) || recorded(index, cut);
    const found = searchPart(model, part, required, roots, { maxSteps: last ? maxSteps - steps : budget(), recordLongest: last });
    steps += found.result.steps;
    return found;
  };

  /** true: still fails; false: linearizable; null: out of budget. */
  const stillFails = (kept: readonly number[], cut: number | null, roots: readonly SearchRoot<S>[]): boolean | null => {
    const { result } = search(new Set(kept), cut, roots);
    if (result.verdict === 'gave-up') return null;
    return result.verdict === 'not-linearizable';
  };

  /** Drops what it can from `start`; not done if out of budget (with `kept` as far as it got). */
  const shrink = (start: readonly number[], cut: number | null, roots: readonly SearchRoot<S>[]): { kept: number[]; done: boolean } => {
    let kept = start.slice();
    let chunk = Math.max(1, Math.ceil(kept.length / 2));
    for (;;) {
      let dropped = false;
      for (let end = kept.length; end > 0; ) {
        const begin = Math.max(0, end - chunk);
        const candidate = kept.slice(0, begin).concat(kept.slice(end));
        const fails = stillFails(candidate, cut, roots);
        if (fails === null) return { kept, done: false };
        if (fails) {
          kept = candidate;
          dropped = true;
        }
        end = begin;
      }
      // Single drops repeat until none helps: a drop can make an earlier-tried one possible.
      if (chunk > 1) chunk = Math.max(1, Math.min(Math.ceil(chunk / 2), Math.ceil(kept.length / 2)));
      else if (!dropped) return { kept, done: true };
    }
  };

  const initial: SearchRoot<S>[] = [{ placed: [], state: model.init() }];
  let best: { kept: number[]; cut: number | null; roots: SearchRoot<S>[]; minimal: boolean } | null = null;
  for (let size = Math.max(1, options.firstWindow); ; size *= WINDOW_GROWTH) {
    const first = Math.max(0, candidates.length - size);
    const cut = first === 0 ? null : part[candidates[first]!]!.call;
    let roots: SearchRoot<S>[] | null = initial;
    if (cut !== null) roots = options.rootsAt(cut, MAX_ROOTS);
    if (roots === null) continue;
    // The window: the candidates not recorded before the cut. Those the last window shrank
    // away stay optional; the ones it took as recorded join as kept.
    const previousCut = best?.cut ?? Infinity;
    const joining = candidates.filter((index) => !recorded(index, cut) && part[index]!.return! < previousCut);
    const { kept, done } = shrink(joining.concat(best?.kept ?? []), cut, roots);
    if (!done) {
      best ??= { kept, cut, roots, minimal: false };
      break;
    }
    // A window that kept the same operations as the one before it suggests the failure is
    // local; growing further would cost much (each window is searched four times larger) to
    // lean on less of the recorded history, rarely to change the answer.
    const settled = best !== null && best.minimal && sameMembers(best.kept, kept);
    best = { kept, cut, roots, minimal: true };
    if (cut === null || settled) break;
  }
  // Nothing shrunk within budget: the candidates themselves, as the failing search found them.
  best ??= { kept: candidates, cut: null, roots: initial, minimal: false };

  const kept = new Set(best.kept);
  const { result, origin } = search(kept, best.cut, best.roots, true);
  // Shrinking only keeps histories proven non-linearizable, so this would be a bug here.
  if (result.verdict === 'linearizable') throw new Error('linearizability checker: the minimal history is linearizable');
  const partial =
    result.verdict === 'not-linearizable'
      ? withoutNeedlessContext(model, part, kept, result.longest.map((i) => origin[i]!), best.roots[result.longestRoot]!.state)
      : null;
  const statesAtCut: S[] = [];
  if (best.cut !== null) for (const root of best.roots) if (!statesAtCut.some((s) => model.equal(s, root.state))) statesAtCut.push(root.state);
  return {
    operations: byCall.filter((index) => kept.has(index)).map((index) => part[index]!),
    recordedBefore: best.cut,
    statesAtCut,
    partial,
    minimal: best.minimal,
    steps,
  };
}

function sameMembers(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

/**
 * The order to show, without the optional operations it does not need: the search places
 * every write that may have happened on its way (they lead to the same configurations as
 * leaving them out, and whichever came first is remembered), but only those a kept operation
 * depends on explain anything. Drops them one at a time, latest first, while the order still
 * replays from the root's state. (Dropping an operation never breaks real-time order.)
 */
function withoutNeedlessContext<S, I, O>(
  model: Model<S, I, O>,
  part: readonly Operation<I, O>[],
  kept: ReadonlySet<number>,
  order: readonly number[],
  start: S,
): number[] {
  const replays = (candidate: readonly number[]) => {
    let state = start;
    for (const index of candidate) {
      const op = part[index]!;
      const step = model.step(state, op.input, op.return === null ? undefined : op.output);
      if (!step.ok) return false;
      state = step.state;
    }
    return true;
  };
  let shown = order.slice();
  for (let i = shown.length - 1; i >= 0; i--) {
    if (kept.has(shown[i]!)) continue;
    const candidate = shown.slice(0, i).concat(shown.slice(i + 1));
    if (replays(candidate)) shown = candidate;
  }
  return shown;
}
