import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { registerModel } from './register-model';
import { bruteForceLinearizable } from './brute-force';
import { checkLinearizability } from './check';
import type { Operation } from './history';
import { cas, read, write } from './kv-history';
import { kvModel, type KvInput, type KvOperation, type KvOutput, type KvValue } from './kv-model';
import type { Model } from './model';
import { prepareSearch } from './prepare';
import { partRootsAt, searchPart } from './roots';
import { searchLinearization } from './search';

/**
 * Property tests. fast-check prints the seed and path of any failure (replay one with
 * `fc.assert(property, { seed, path })`). Each counterexample found is pinned below as an
 * example of its property, so it runs first on every run from then on, whatever the
 * generators become.
 */
const w = (value: number, call: number, ret: number | null) => write(0, 'x', value, call, ret);
const r = (value: KvValue | null, call: number, ret: number | null) => read(0, 'x', value, call, ret);
const REGRESSIONS: Record<string, { caught: string; example: unknown[] }[]> = {
  'minimal-history-honest': [
    {
      caught: 'a configuration dominated by an ancestor still being explored was pruned, and a linearization missed',
      example: [[cas(0, 'x', null, 0, true, 0, 0), r(null, 0, 0), r(null, 1, 1)]],
    },
  ],
  'brute-force-optional': [
    {
      caught: 'the same pruning, with the operations made optional as the minimiser makes them',
      example: [[cas(0, 'x', null, 0, true, 0, 0), r(null, 0, 0), r(null, 1, 1)], [true, false, false, false, false, false, false]],
    },
  ],
  'minimal-history-after-cut': [
    {
      caught: 'the cut went through the culprit (a read in flight at the cut), taken as recorded: the innocent write was blamed',
      example: [[w(0, 1, 1), r(1, 0, 1)], { window: 1, steps: 20 }],
    },
    {
      caught: 'a root placed a read that a shrinking step had made optional and so dropped: a crash',
      example: [[w(0, 0, null), r(null, 2, 2), r(0, 1, 1), r(null, 0, 1)], { window: 2, steps: 79 }],
    },
    {
      caught: "a timed-out write's life was bounded by a completed write the minimiser had made optional, and the write dropped unsoundly",
      example: [[r(null, 1, 1), w(0, 0, 0), w(0, 0, null), cas(0, 'x', null, 0, false, 1, 1), r(null, 0, null)], { window: 16, steps: 1_000_000 }],
    },
  ],
};

/** Runs a property on its pinned counterexamples, then with fresh random seeds. */
function assertProperty<T>(name: string, property: fc.IProperty<T>, numRuns: number): void {
  fc.assert(property, { numRuns, examples: (REGRESSIONS[name] ?? []).map((pin) => pin.example) as T[] });
}

/**
 * One test per pinned counterexample, named by the bug it caught: the property on exactly that
 * example (`numRuns: 1` runs the example alone), so a regression names itself.
 */
function pinnedCases<T>(name: string, property: () => fc.IProperty<T>): void {
  for (const pin of REGRESSIONS[name] ?? []) {
    it(`pinned (${name}): ${pin.caught}`, () => {
      fc.assert(property(), { numRuns: 1, examples: [pin.example as T] });
    });
  }
}

// ─── Histories from a real store ────────────────────────────────────────────────────────────

interface PlannedOp {
  client: number;
  kind: 'read' | 'write' | 'cas';
  key: number;
  value: number;
  from: number | null;
  /** How long before and after its linearization point the client called and got the answer. */
  callBefore: number;
  returnAfter: number;
  timedOut: boolean;
  /** For a timed-out write or cas: whether it took effect anyway. */
  tookEffect: boolean;
}

const plannedOp: fc.Arbitrary<PlannedOp> = fc.record({
  client: fc.integer({ min: 0, max: 4 }),
  kind: fc.constantFrom<PlannedOp['kind']>('read', 'read', 'write', 'write', 'cas'),
  key: fc.integer({ min: 0, max: 2 }),
  value: fc.integer({ min: 0, max: 3 }),
  from: fc.option(fc.integer({ min: 0, max: 3 }), { nil: null }),
  callBefore: fc.integer({ min: 0, max: 60 }),
  returnAfter: fc.integer({ min: 0, max: 60 }),
  timedOut: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
  tookEffect: fc.boolean(),
});

const POINT_SPACING_US = 10;

/**
 * Runs the planned operations one at a time on a real key-value store, operation i taking
 * effect at 10·(i+1) µs, and records each around its point: called up to 60 µs before and
 * answered up to 60 µs after (up to a dozen operations overlap). A timed-out write or cas took
 * effect or not, as planned; either way its client never heard. Such a history is linearizable
 * by construction: the points are a linearization.
 */
function runOnRealStore(plan: readonly PlannedOp[]): KvOperation[] {
  const store = new Map<string, KvValue>();
  return plan.map((p, i) => {
    const point = 1_000 + POINT_SPACING_US * (i + 1);
    const key = `k${p.key}`;
    const call = point - p.callBefore;
    const ret = p.timedOut ? null : point + p.returnAfter;
    const happens = !p.timedOut || p.tookEffect;
    const current = store.get(key) ?? null;
    switch (p.kind) {
      case 'read':
        return read(p.client, key, current, call, ret);
      case 'write':
        if (happens) store.set(key, p.value);
        return write(p.client, key, p.value, call, ret);
      case 'cas': {
        const swapped = current === p.from;
        if (swapped && happens) store.set(key, p.value);
        return cas(p.client, key, p.from, p.value, swapped, call, ret);
      }
    }
  });
}

const realHistory = fc
  .tuple(fc.array(plannedOp, { minLength: 1, maxLength: 80 }), fc.boolean())
  // The order operations are listed in must not matter: half the histories come reversed.
  .map(([plan, reversed]) => (reversed ? runOnRealStore(plan).reverse() : runOnRealStore(plan)));

describe('histories of a real store', () => {
  it('(a) are always linearizable, whatever the overlaps and timeouts', () => {
    assertProperty(
      'real-store-linearizable',
      fc.property(realHistory, (history) => {
        expect(checkLinearizability(kvModel, history)).toEqual({ ok: true });
      }),
      300,
    );
  });

  it('(b) with one read changed to a value never written are not, and the minimal history holds that read', () => {
    assertProperty(
      'never-written-read',
      fc.property(realHistory, fc.nat(), (history, pick) => {
        const reads = history.flatMap((op, index) => (op.input.kind === 'read' && op.return !== null ? [index] : []));
        fc.pre(reads.length > 0);
        const index = reads[pick % reads.length]!;
        const mutated: KvOperation = { ...history[index]!, output: 'never written' };
        const broken = history.map((op, i) => (i === index ? mutated : op));
        const result = checkLinearizability(kvModel, broken);
        expect(result.ok).toBe(false);
        if (result.ok !== false) return;
        expect(result.key).toBe(mutated.input.key);
        expect(result.minimalHistory).toContain(mutated);
        expect(result.notLinearized).toContain(mutated);
      }),
      300,
    );
  });
});

// ─── Against the definition, by brute force ─────────────────────────────────────────────────

/** Small histories with arbitrary outputs: mostly not linearizable, some linearizable. */
function arbitraryHistory(keys: readonly string[], maxOps: number): fc.Arbitrary<KvOperation[]> {
  const value = fc.integer({ min: 0, max: 1 });
  const op = fc
    .record({
      client: fc.integer({ min: 0, max: 3 }),
      kind: fc.constantFrom('read', 'write', 'cas'),
      key: fc.constantFrom(...keys),
      value,
      seen: fc.option(value, { nil: null }),
      from: fc.option(value, { nil: null }),
      swapped: fc.boolean(),
      call: fc.integer({ min: 0, max: 40 }),
      length: fc.integer({ min: 0, max: 20 }),
      timedOut: fc.integer({ min: 0, max: 5 }).map((n) => n === 0),
    })
    .map((o): KvOperation => {
      const ret = o.timedOut ? null : o.call + o.length;
      if (o.kind === 'read') return read(o.client, o.key, o.seen, o.call, ret);
      if (o.kind === 'write') return write(o.client, o.key, o.value, o.call, ret);
      return cas(o.client, o.key, o.from, o.value, o.swapped, o.call, ret);
    });
  return fc.array(op, { minLength: 1, maxLength: maxOps });
}

/**
 * Real-store histories with one operation disturbed: a read returns another value that was
 * written (or null), a cas claims the other outcome, or an operation moves earlier in time. The
 * failures are subtle (stale reads, lost updates, reads from the future), unlike the mostly
 * "read of a value never written" of arbitrary outputs.
 */
function disturbedHistory(keys: number, maxOps: number): fc.Arbitrary<KvOperation[]> {
  const plan = fc.array(
    plannedOp.map((p) => ({ ...p, key: p.key % keys, value: p.value % 2, callBefore: p.callBefore % 16, returnAfter: p.returnAfter % 16 })),
    { minLength: 1, maxLength: maxOps },
  );
  const disturbance = fc.record({ index: fc.nat(), how: fc.constantFrom('value', 'cas', 'earlier'), pick: fc.nat(), by: fc.integer({ min: 1, max: 80 }) });
  return fc.tuple(plan, disturbance).map(([steps, d]) => {
    const history = runOnRealStore(steps);
    const index = d.index % history.length;
    const op = history[index]!;
    const written = [null, ...history.flatMap((o) => (o.input.kind === 'read' ? [] : [o.input.kind === 'write' ? o.input.value : o.input.to]))];
    let changed: KvOperation = op;
    if (d.how === 'earlier') changed = { ...op, call: op.call - d.by, return: op.return === null ? null : op.return - d.by };
    else if (op.return !== null && op.input.kind === 'read') changed = { ...op, output: written[d.pick % written.length]! };
    else if (op.return !== null && op.input.kind === 'cas') changed = { ...op, output: op.output !== true };
    return history.map((o, i) => (i === index ? changed : o));
  });
}

/** The whole store as one object, keys and all: no partitioning, to test locality against. */
const wholeStoreModel: Model<string, KvInput, KvOutput> = {
  init: () => '{}',
  step(state, input, output) {
    const store = JSON.parse(state) as Record<string, KvValue>;
    const result = kvModel.step(store[input.key] ?? null, input, output);
    if (result.state !== null) store[input.key] = result.state;
    const sorted = Object.fromEntries(Object.entries(store).sort(([a], [b]) => (a < b ? -1 : 1)));
    return { ok: result.ok, state: JSON.stringify(sorted) };
  },
  equal: (a, b) => a === b,
  hash: () => 0,
  describe: (op) => kvModel.describe(op),
};

describe('the checker agrees with brute force over every order', () => {
  it('on one key', () => {
    assertProperty(
      'brute-force-one-key',
      fc.property(fc.oneof(arbitraryHistory(['x'], 7), disturbedHistory(1, 7)), (history) => {
        expect(checkLinearizability(kvModel, history).ok).toBe(bruteForceLinearizable(kvModel, history));
      }),
      1_000,
    );
  });

  it('on several keys, checked key by key, against the whole store checked at once', () => {
    assertProperty(
      'brute-force-keys',
      fc.property(fc.oneof(arbitraryHistory(['a', 'b'], 7), disturbedHistory(2, 7)), (history) => {
        expect(checkLinearizability(kvModel, history).ok).toBe(bruteForceLinearizable(wholeStoreModel, history));
      }),
      500,
    );
  });

  it('placing greedily what the model vouches for (reads; for a register, unread writes), as without', () => {
    assertProperty(
      'brute-force-greedy',
      fc.property(fc.oneof(arbitraryHistory(['x'], 7), disturbedHistory(1, 7)), (history) => {
        const expected = bruteForceLinearizable(kvModel, history);
        expect(checkLinearizability(kvModel, history, { greedy: true }).ok).toBe(expected);
        expect(checkLinearizability(registerModel(history), history, { greedy: true }).ok).toBe(expected);
        const writesAndReads = history.filter((op) => op.input.kind !== 'cas');
        expect(checkLinearizability(registerModel(writesAndReads), writesAndReads, { greedy: true }).ok).toBe(bruteForceLinearizable(kvModel, writesAndReads));
      }),
      1_000,
    );
  });

  const optionalProperty = () =>
    fc.property(fc.oneof(arbitraryHistory(['x'], 7), disturbedHistory(1, 7)), fc.array(fc.boolean(), { minLength: 7, maxLength: 7 }), (history, mask) => {
      const optional = new Set(history.filter((_, i) => mask[i]));
      const { ops } = prepareSearch(kvModel, history, (i) => !mask[i]);
      const verdict = searchLinearization(kvModel, ops, { maxSteps: 1_000_000 }).verdict;
      expect(verdict).toBe(bruteForceLinearizable(kvModel, history, (op) => optional.has(op)) ? 'linearizable' : 'not-linearizable');
    });
  it('with some operations optional (may or may not have happened), as the minimiser asks', () => {
    assertProperty('brute-force-optional', optionalProperty(), 1_000);
  });
  pinnedCases('brute-force-optional', optionalProperty);

  it('from the roots at a cut (the ways a failed search found the history could be there), as from the start', () => {
    assertProperty(
      'roots-at-cut',
      fc.property(
        fc.oneof(arbitraryHistory(['x'], 10), disturbedHistory(1, 10)),
        fc.nat(),
        fc.array(fc.boolean(), { minLength: 10, maxLength: 10 }),
        (history, pick, mask) => {
          const { ops, origin } = prepareSearch(kvModel, history, () => true);
          const failed = searchLinearization(kvModel, ops, { maxSteps: 1_000_000 });
          fc.pre(failed.verdict === 'not-linearizable');
          if (failed.verdict !== 'not-linearizable') return;
          const cut = history[pick % history.length]!.call;
          const roots = partRootsAt(failed.explored, origin)(cut, 10_000);
          expect(roots).not.toBeNull();
          // As the miniser asks: what returned before the cut required, some of the rest optional.
          const required = (i: number) => history[i]!.return !== null && (history[i]!.return! < cut || !mask[i]);
          const verdict = searchPart(kvModel, history, required, roots!, { maxSteps: 1_000_000 }).result.verdict;
          const optional = new Set(history.filter((_, i) => !required(i)));
          expect(verdict).toBe(bruteForceLinearizable(kvModel, history, (op) => optional.has(op)) ? 'linearizable' : 'not-linearizable');
        },
      ),
      1_000,
    );
  });

  // A small first window and a small budget, so that shrinking often stops at a cut.
  const small = fc.record({ window: fc.integer({ min: 1, max: 3 }), steps: fc.integer({ min: 20, max: 400 }) });
  const afterCutProperty = (onCut: () => void = () => {}) =>
    fc.property(fc.oneof(arbitraryHistory(['x'], 7), disturbedHistory(1, 7)), small, (history, { window, steps }) => {
      const result = checkLinearizability(kvModel, history, { minimiseWindow: window, maxMinimiseSteps: steps });
      fc.pre(result.ok === false);
      if (result.ok !== false) return;
      if (result.recordedBefore !== undefined) onCut();
      const kept = new Set<Operation<KvInput, KvOutput>>(result.minimalHistory);
      const cut = result.recordedBefore ?? -Infinity;
      const asRecorded = (op: Operation<KvInput, KvOutput>) => op.return !== null && op.return < cut;
      // What returned before the cut can be linearized, with some of what was in flight then.
      const inFlight = (op: Operation<KvInput, KvOutput>) => !asRecorded(op);
      expect(bruteForceLinearizable(kvModel, history.filter((op) => op.call < cut), inFlight)).toBe(true);
      expect(bruteForceLinearizable(kvModel, history, (op) => !kept.has(op) && !asRecorded(op))).toBe(false);
      if (!result.minimal) return;
      for (const op of result.minimalHistory) {
        expect(bruteForceLinearizable(kvModel, history, (o) => o === op || (!kept.has(o) && !asRecorded(o)))).toBe(true);
      }
    });
  it('shrinking after a cut: what returned before it can be linearized, and the kept operations fail after it whatever the rest did', () => {
    let cutsSeen = 0;
    assertProperty('minimal-history-after-cut', afterCutProperty(() => cutsSeen++), 1_000);
    // The property means little unless shrinking stopped at a cut often enough.
    expect(cutsSeen).toBeGreaterThan(50);
  });
  pinnedCases('minimal-history-after-cut', afterCutProperty);

  const honestProperty = () =>
    fc.property(fc.oneof(arbitraryHistory(['x'], 7), disturbedHistory(1, 7)), (history) => {
      const result = checkLinearizability(kvModel, history);
      fc.pre(result.ok === false);
      if (result.ok !== false) return;
      const kept = new Set<Operation<KvInput, KvOutput>>(result.minimalHistory);
      expect(result.minimal).toBe(true);
      // Honest: with every other operation optional (happened or not, within its interval).
      expect(bruteForceLinearizable(kvModel, history, (op) => !kept.has(op))).toBe(false);
      // Minimal: making any kept operation optional too makes it linearizable.
      for (const op of result.minimalHistory) {
        expect(bruteForceLinearizable(kvModel, history, (o) => o === op || !kept.has(o))).toBe(true);
      }
      // And the order shown is a valid start, leaving out exactly the unplaced operations.
      expect(result.notLinearized.length).toBeGreaterThan(0);
      for (const op of result.notLinearized) expect(kept.has(op)).toBe(true);
    });
  it('the minimal history fails whatever the other operations did, and needs every operation it keeps', () => {
    assertProperty('minimal-history-honest', honestProperty(), 1_000);
  });
  pinnedCases('minimal-history-honest', honestProperty);
});
