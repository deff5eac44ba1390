import type { Operation } from './history';
import { hashString } from './hash';
import type { Model } from './model';
import { partitionBy } from './partition';

export type KvValue = string | number;

export type KvInput =
  | { kind: 'read'; key: string }
  | { kind: 'write'; key: string; value: KvValue }
  /** Compare-and-set: sets `to` if the key holds `from` (`null`: the key is absent). */
  | { kind: 'cas'; key: string; from: KvValue | null; to: KvValue };

/**
 * What an operation returned: a read the value or `null` (no value yet); a write anything
 * (conventionally `'ok'`: it has nothing to tell); a compare-and-set whether it swapped.
 */
export type KvOutput = KvValue | null | boolean;

export type KvOperation = Operation<KvInput, KvOutput>;

/** One key's value; `null` until the first write. Values compare with `===`. */
export type KvState = KvValue | null;

/**
 * A key-value store of registers: read, write and compare-and-set. Like Porcupine's KV model it
 * is checked key by key (`partition`), so its state is one key's value: every operation on a
 * key touches only that key, and by locality the store is linearizable iff each key is.
 */
export const kvModel: Model<KvState, KvInput, KvOutput> = {
  init: () => null,

  step(state, input, output) {
    switch (input.kind) {
      case 'read':
        // A timed-out read observed nothing, so it fits anywhere.
        return { ok: output === undefined || output === state, state };
      case 'write':
        return { ok: true, state: input.value };
      case 'cas': {
        const swaps = state === input.from;
        const next = swaps ? input.to : state;
        if (output === undefined) return { ok: true, state: next };
        return { ok: output === swaps, state: next };
      }
    }
  },

  equal: (a, b) => a === b,
  hash: (state) => (state === null ? 0x2545f491 : hashString(`${typeof state}:${state}`)),

  partition: (history) => partitionBy(history, (input) => input.key).map((part) => part.operations),
  partitionKey: (operations) => operations[0]!.input.key,

  readOnly: (input, output) => input.kind === 'read' || (input.kind === 'cas' && output === false),

  // A read-only operation the state accepts (the caller checked) changes nothing: place it now.
  placeGreedily: (_state, input, output) => input.kind === 'read' || (input.kind === 'cas' && output === false),

  lastUseOfTimedOut: lastObservation,

  describeState: (state) => (state === null ? 'no value' : JSON.stringify(state)),

  describe(op) {
    const { input } = op;
    const key = JSON.stringify(input.key);
    const show = (value: KvOutput | undefined) => (value === undefined ? 'undefined' : JSON.stringify(value));
    const returned = op.return === null ? ' → timed out' : ` → ${show(op.output)}`;
    switch (input.kind) {
      case 'read':
        return `read(${key})${returned}`;
      case 'write':
        return `write(${key}, ${JSON.stringify(input.value)})${op.return === null ? ' → timed out' : ''}`;
      case 'cas':
        return `cas(${key}, ${JSON.stringify(input.from)}, ${JSON.stringify(input.to)})${returned}`;
    }
  },
};

/**
 * When a timed-out write (or cas) can last matter: the latest return of an operation that
 * could observe the value it writes (a read of it, a cas from it), or of any failed cas from a
 * value the key may hold (a failed cas observes that the value is *not* its `from`, so a write
 * of anything may explain it). Why that bounds it: in a linearization that places the write
 * after all of them, nothing that follows reads its value before the next write overwrites it
 * (cas ops that time out in between do nothing in that state and can be left out too), so
 * dropping it leaves a valid linearization. An observer that timed out has no return: the
 * write then never expires.
 *
 * The bound must hold whichever of the other operations happened, since the minimiser makes
 * completed ones optional: with fewer of them it only gets looser, as it should. (A sharper
 * bound, "that failed cas's value was surely overwritten by then", would lean on writes that
 * may not have happened.)
 */
function lastObservation(operations: readonly KvOperation[]): number[] {
  // Values the key may hold: null at first, then whatever may be written.
  const possible = new Set<KvValue | null>([null]);
  for (const op of operations) {
    if (op.input.kind === 'write') possible.add(op.input.value);
    if (op.input.kind === 'cas' && op.output !== false) possible.add(op.input.to);
  }
  const observers = new Map<KvValue, number>();
  let failedCas = -Infinity;
  for (const op of operations) {
    const at = op.return ?? Infinity;
    const observe = (value: KvValue | null) => {
      if (value !== null) observers.set(value, Math.max(observers.get(value) ?? -Infinity, at));
    };
    if (op.input.kind === 'read' && op.return !== null) observe(op.output as KvValue | null);
    if (op.input.kind === 'cas') {
      observe(op.input.from);
      // A failed cas from a value the key never holds fails whatever was written.
      if (op.output === false && op.return !== null && possible.has(op.input.from)) failedCas = Math.max(failedCas, at);
    }
  }
  return operations.map((op) => {
    if (op.return !== null || op.input.kind === 'read') return Infinity;
    const value = op.input.kind === 'write' ? op.input.value : op.input.to;
    return Math.max(observers.get(value) ?? -Infinity, failedCas);
  });
}
