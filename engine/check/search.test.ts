import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bruteForceLinearizable } from './brute-force';
import { checkLinearizability } from './check';
import type { Operation } from './history';
import { read, write } from './kv-history';
import { kvModel, type KvInput, type KvOutput } from './kv-model';
import type { Model } from './model';
import { prepareSearch } from './prepare';
import { searchLinearization, type SearchOperation } from './search';

/** A model other than the store, to show the interface is generic: a counter, not partitioned. */
type CounterInput = { kind: 'increment' } | { kind: 'get' };
const counterModel: Model<number, CounterInput, number | 'ok'> = {
  init: () => 0,
  step: (state, input, output) =>
    input.kind === 'increment' ? { ok: true, state: state + 1 } : { ok: output === undefined || output === state, state },
  equal: (a, b) => a === b,
  hash: (state) => state,
  describe: (op) => (op.input.kind === 'increment' ? 'increment()' : `get() → ${String(op.output)}`),
};
type CounterOperation = Operation<CounterInput, number | 'ok'>;
const increment = (client: number, call: number, ret: number | null): CounterOperation => ({
  client,
  input: { kind: 'increment' },
  output: 'ok',
  call,
  return: ret,
});
const get = (client: number, value: number, call: number, ret: number): CounterOperation => ({
  client,
  input: { kind: 'get' },
  output: value,
  call,
  return: ret,
});

describe('a model of your own (a counter)', () => {
  it('is checked as one part, without a key', () => {
    expect(checkLinearizability(counterModel, [increment(0, 0, 10), increment(1, 5, 15), get(2, 2, 20, 30)])).toEqual({ ok: true });
    const result = checkLinearizability(counterModel, [increment(0, 0, 10), get(2, 0, 20, 30)]);
    expect(result.ok).toBe(false);
    if (result.ok === false) {
      expect(result.key).toBeUndefined();
      expect(result.explanation).toContain('these 2 operations cannot be linearized');
      expect(result.explanation).toContain('get() → 0 by client 2 (20–30 µs)');
    }
  });

  it('lets a timed-out increment count or not', () => {
    expect(checkLinearizability(counterModel, [increment(0, 0, null), get(1, 1, 20, 30)])).toEqual({ ok: true });
    expect(checkLinearizability(counterModel, [increment(0, 0, null), get(1, 0, 20, 30)])).toEqual({ ok: true });
    expect(checkLinearizability(counterModel, [increment(0, 0, null), get(1, 2, 20, 30)]).ok).toBe(false);
  });
});

describe('a counter against brute force', () => {
  // Unlike a register, placing an increment twice, or one that should not be there, always
  // shows: a good test of what the search and the minimiser assume about optional operations.
  const op = fc.record({
    kind: fc.constantFrom('increment', 'increment', 'get'),
    value: fc.integer({ min: 0, max: 3 }),
    call: fc.integer({ min: 0, max: 30 }),
    length: fc.integer({ min: 0, max: 15 }),
    timedOut: fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
  });
  const history = fc.array(op, { minLength: 1, maxLength: 7 }).map((planned) =>
    planned.map((p, client) =>
      p.kind === 'increment'
        ? increment(client, p.call, p.timedOut ? null : p.call + p.length)
        : get(client, p.value, p.call, p.call + p.length),
    ),
  );

  it('agrees on the verdict, and the minimal history fails whatever the others did', () => {
    fc.assert(
      fc.property(history, fc.integer({ min: 1, max: 4 }), (ops, window) => {
        const result = checkLinearizability(counterModel, ops, { minimiseWindow: window });
        expect(result.ok).toBe(bruteForceLinearizable(counterModel, ops));
        if (result.ok !== false) return;
        const kept = new Set(result.minimalHistory);
        const cut = result.recordedBefore ?? -Infinity;
        const optional = (o: CounterOperation) => !kept.has(o) && !(o.return !== null && o.return < cut);
        expect(bruteForceLinearizable(counterModel, ops, optional)).toBe(false);
      }),
      { numRuns: 1_000 },
    );
  });
});

describe('bounded effort', () => {
  /** Eight concurrent writes, then a read of a value none wrote: every order must be tried. */
  const hard = [...Array.from({ length: 8 }, (_, i) => write(i, 'x', i, 0, 100)), read(8, 'x', 99, 200, 210)];

  it('answers unknown, naming the key, when the step budget runs out', () => {
    const result = checkLinearizability(kvModel, hard, { maxSteps: 1_000 });
    expect(result).toEqual({
      ok: 'unknown',
      key: 'x',
      reason: 'No verdict on key "x" (9 operations) within 1000 search steps; the 0 part(s) before it are linearizable.',
    });
  });

  it('shares one budget between keys', () => {
    const easy = [write(0, 'a', 1, 0, 10), read(1, 'a', 1, 20, 30)];
    const result = checkLinearizability(kvModel, [...easy, ...hard], { maxSteps: 1_000 });
    expect(result.ok === 'unknown' && result.reason).toContain('the 1 part(s) before it are linearizable');
  });

  it('answers with the default budget', () => {
    const result = checkLinearizability(kvModel, hard);
    expect(result.ok).toBe(false);
    if (result.ok === false) expect(result.minimalHistory).toEqual([hard[8]]);
  });

  it('returns a larger, still failing history when shrinking runs out of steps', () => {
    const result = checkLinearizability(kvModel, hard, { maxMinimiseSteps: 1_000 });
    expect(result.ok).toBe(false);
    if (result.ok === false) {
      expect(result.minimal).toBe(false);
      expect(result.minimalHistory).toHaveLength(9);
      expect(result.explanation).toContain('Shrinking stopped at its step budget');
    }
  });
});

describe('the search', () => {
  const plain = (ops: Parameters<typeof prepareSearch<unknown, KvInput, KvOutput>>[1]) => prepareSearch(kvModel, ops, () => true).ops;

  it('counts the same steps every run', () => {
    const ops = plain([write(0, 'x', 1, 0, 50), write(1, 'x', 2, 0, 50), read(2, 'x', 1, 60, 70)]);
    const first = searchLinearization(kvModel, ops, { maxSteps: 1_000 });
    expect(searchLinearization(kvModel, ops, { maxSteps: 1_000 })).toEqual(first);
    // w1, w2, read 1 fails; w2, w1, read 1 is the linearization: the state matters to the cache.
    expect(first).toMatchObject({ verdict: 'linearizable', order: [1, 0, 2] });
  });

  it('may leave out an optional operation when its return comes, and never a required one', () => {
    const ops: SearchOperation<KvInput, KvOutput>[] = [
      { input: { kind: 'write', key: 'x', value: 1 }, output: 'ok', call: 0, return: 10, optional: true },
      { input: { kind: 'read', key: 'x' }, output: null, call: 20, return: 30, optional: false },
    ];
    expect(searchLinearization(kvModel, ops, { maxSteps: 100 })).toMatchObject({ verdict: 'linearizable', order: [1] });
    const required = ops.map((op) => ({ ...op, optional: false }));
    expect(searchLinearization(kvModel, required, { maxSteps: 100 }).verdict).toBe('not-linearizable');
  });

  it('returns an order that respects real time and the model', () => {
    const op = fc.record({
      kind: fc.constantFrom('read', 'write'),
      value: fc.integer({ min: 0, max: 2 }),
      seen: fc.option(fc.integer({ min: 0, max: 2 }), { nil: null }),
      call: fc.integer({ min: 0, max: 50 }),
      length: fc.integer({ min: 0, max: 30 }),
    });
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 10 }), (planned) => {
        const history = planned.map((p, i) =>
          p.kind === 'read' ? read(i, 'x', p.seen, p.call, p.call + p.length) : write(i, 'x', p.value, p.call, p.call + p.length),
        );
        const result = searchLinearization(kvModel, plain(history), { maxSteps: 100_000 });
        if (result.verdict !== 'linearizable') return;
        expect([...result.order].sort((a, b) => a - b)).toEqual(history.map((_, i) => i));
        let state = kvModel.init();
        result.order.forEach((index, position) => {
          const step = kvModel.step(state, history[index]!.input, history[index]!.output);
          expect(step.ok).toBe(true);
          state = step.state;
          // Nothing placed later returned before this one was called.
          for (const later of result.order.slice(position + 1)) expect(history[later]!.return! >= history[index]!.call).toBe(true);
        });
      }),
      { numRuns: 500 },
    );
  });
});
