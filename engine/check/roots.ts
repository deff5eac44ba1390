import type { Operation } from './history';
import type { Model } from './model';
import { prepareSearch } from './prepare';
import { searchLinearization, type ExploredConfigurations, type SearchResult, type SearchRoot } from './search';

/** The configurations a part of a history could be in at a cut (indices into the part). */
export type RootsAt<S> = (cut: number, maxRoots: number) => SearchRoot<S>[] | null;

/**
 * Searches a part of a history with the operations `required` says required (the rest
 * optional, see `prepareSearch`), from roots given in the part's indices.
 *
 * Operations every root placed (after a long history, nearly all of it) are left out of the
 * search altogether: their effect is in every root's state, and searching a window after a cut
 * then costs what the window costs, not what the whole history does.
 */
export function searchPart<S, I, O>(
  model: Model<S, I, O>,
  part: readonly Operation<I, O>[],
  required: (index: number) => boolean,
  roots: readonly SearchRoot<S>[],
  options: { maxSteps: number; recordLongest?: boolean },
): { result: SearchResult<S>; origin: number[] } {
  const { common, rest } = splitRoots(roots);
  const prepared = prepareSearch(model, part, required);
  const ops = prepared.ops.filter((_, i) => !common.has(prepared.origin[i]!));
  const origin = prepared.origin.filter((index) => !common.has(index));
  const position = new Map(origin.map((index, i) => [index, i]));
  // A root may have placed an operation this search dropped as optional (a read in flight at
  // the cut that the minimiser made optional): it stays placed, its effect is in the state.
  // (Roots come from a search with every completed operation required, so nothing else.)
  const mapped = rest.map((root) => ({
    placed: root.placed.flatMap((index) => {
      const at = position.get(index);
      return at === undefined ? [] : [at];
    }),
    state: root.state,
  }));
  return { result: searchLinearization(model, ops, { ...options, roots: mapped }), origin };
}

const splits = new WeakMap<readonly SearchRoot<unknown>[], { common: Set<number>; rest: SearchRoot<unknown>[] }>();

/** The operations every root placed, and the roots without them (computed once per roots). */
function splitRoots<S>(roots: readonly SearchRoot<S>[]): { common: Set<number>; rest: SearchRoot<S>[] } {
  const known = splits.get(roots);
  if (known !== undefined) return known as { common: Set<number>; rest: SearchRoot<S>[] };
  const common = new Set(roots[0]?.placed ?? []);
  for (const root of roots.slice(1)) {
    const placed = new Set(root.placed);
    for (const index of common) if (!placed.has(index)) common.delete(index);
  }
  const rest = roots.map((root) => ({ placed: root.placed.filter((index) => !common.has(index)), state: root.state }));
  const split = { common, rest };
  splits.set(roots, split as { common: Set<number>; rest: SearchRoot<unknown>[] });
  return split;
}

/**
 * The configurations a history could be in at `cut`: everything that returned before it
 * placed, nothing called at or after it. Read from what a failed search explored: every
 * configuration, or one dominating it (fewer optional operations placed, hence at least as good
 * a start). Every linearization starts with one of them: cut it before its first operation
 * called at or after the cut (whatever returned before the cut comes earlier). Roots are in the
 * search's `ops` indices; null if there are more than `maxRoots`.
 */
export function rootsAt<S>(explored: ExploredConfigurations<S>, cut: number, maxRoots: number): SearchRoot<S>[] | null {
  const { ops, optional, opIndex } = explored;
  const n = ops.length;
  // Ids (call order) from `calledAfter` on are called at or after the cut.
  let calledAfter = 0;
  while (calledAfter < n && ops[calledAfter]!.call < cut) calledAfter++;
  // The earliest return among required (or optional) operations with ids from i on.
  const earliestReturn = (wanted: boolean) => {
    const out = new Float64Array(n + 1).fill(Infinity);
    for (let id = n - 1; id >= 0; id--) {
      const ret = ops[id]!.return;
      out[id] = Math.min(out[id + 1]!, ret !== null && optional[id] === wanted ? ret : Infinity);
    }
    return out;
  };
  const requiredFrom = earliestReturn(false);
  const optionalFrom = earliestReturn(true);
  const roots: SearchRoot<S>[] = [];
  for (const entry of explored.configurations()) {
    const topRequired = entry.required[0]!;
    const topOptional = entry.optional[0]!;
    if (topRequired >= calledAfter || topOptional >= calledAfter) continue;
    if (entry.pending.length > 0 && entry.pending[entry.pending.length - 1]! >= calledAfter) continue;
    // Its first return event: the earliest return of an operation not placed.
    let first = Math.min(requiredFrom[topRequired + 1]!, optionalFrom[topOptional + 1]!);
    for (let i = 1; i < entry.required.length; i++) first = Math.min(first, ops[entry.required[i]!]!.return!);
    for (let i = 1; i < entry.optional.length; i++) first = Math.min(first, ops[entry.optional[i]!]!.return!);
    if (first < cut) continue;
    if (roots.length === maxRoots) return null;
    const placed: number[] = [];
    const waitingRequired = new Set(entry.required.subarray(1));
    const waitingOptional = new Set(entry.optional.subarray(1));
    for (let id = 0; id <= Math.max(topRequired, topOptional); id++) {
      if (ops[id]!.return === null) continue;
      if (optional[id] ? id <= topOptional && !waitingOptional.has(id) : id <= topRequired && !waitingRequired.has(id)) placed.push(id);
    }
    placed.push(...entry.pending);
    roots.push({ placed: placed.map((id) => opIndex[id]!), state: entry.state });
  }
  return roots;
}

/** `rootsAt` of a failed search of a whole part, in the part's indices (`origin` from `prepareSearch`). */
export function partRootsAt<S>(explored: ExploredConfigurations<S>, origin: readonly number[]): RootsAt<S> {
  return (cut, maxRoots) =>
    rootsAt(explored, cut, maxRoots)?.map((root) => ({ placed: root.placed.map((i) => origin[i]!), state: root.state })) ?? null;
}
