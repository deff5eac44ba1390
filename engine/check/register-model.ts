import type { KvInput, KvOperation, KvOutput, KvState } from './kv-model';
import { kvModel } from './kv-model';
import type { Model } from './model';

/**
 * The key-value model, with one speed-up that changes no verdict: a value no
 * read returned can never be observed, so every such value is the same state to the future, and
 * the search's cache (Lowe §4) takes them as equal. Without it, a burst of writes that commit
 * together after a stall (a dozen or two concurrent, none read) is searched in every order of
 * which one wrote last; with it, only in which of them are placed.
 */
export function registerModel(history: readonly KvOperation[]): Model<KvState, KvInput, KvOutput> {
  // A compare-and-set observes values too; with one, this is just the store.
  if (history.some((op) => op.input.kind === 'cas')) return kvModel;
  const observed = new Set<KvState>();
  for (const op of history) if (op.input.kind === 'read' && op.return !== null) observed.add(op.output as KvState);
  const UNOBSERVED = 0x5bd1e995;
  const seen = (state: KvState) => state === null || observed.has(state);
  return {
    ...kvModel,
    equal: (a, b) => a === b || (!seen(a) && !seen(b)),
    hash: (state) => (seen(state) ? kvModel.hash(state) : UNOBSERVED),
    // A read the state accepts, and a write of an unread value over an unread value: neither
    // changes anything a later operation can tell, so either is placed at once (a write of an
    // unread value lets no read through until the next write, wherever it goes).
    placeGreedily: (state, input) => input.kind === 'read' || (input.kind === 'write' && !seen(state) && !seen(input.value)),
  };
}
