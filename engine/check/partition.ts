import type { Operation } from './history';

export interface Part<I, O> {
  key: string;
  operations: Operation<I, O>[];
}

/**
 * Groups a history by a key of each operation's input (Porcupine's partitioning, justified by
 * the locality of linearizability: Herlihy & Wing 1990, §3.3). Parts come in ascending key
 * order (code-unit order, not the locale's) and keep the history's order inside, so checking
 * them in turn is deterministic.
 */
export function partitionBy<I, O>(history: readonly Operation<I, O>[], keyOf: (input: I) => string): Part<I, O>[] {
  const parts = new Map<string, Operation<I, O>[]>();
  for (const op of history) {
    const key = keyOf(op.input);
    const part = parts.get(key);
    if (part === undefined) parts.set(key, [op]);
    else part.push(op);
  }
  return [...parts.keys()]
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((key) => ({ key, operations: parts.get(key)! }));
}
