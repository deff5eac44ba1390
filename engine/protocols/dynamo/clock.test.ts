import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareClocks, descends, mergeClocks, stamp, truncate, type VectorClock } from './clock';
import { addVersion, reconcile, type Version } from './versions';

const actors = ['S1', 'S2', 'S3', 'S1.1'];
const clockArb: fc.Arbitrary<VectorClock> = fc
  .dictionary(fc.constantFrom(...actors), fc.integer({ min: 1, max: 4 }))
  .map((d) => Object.entries(d).map(([actor, counter]) => ({ actor, counter, atUs: counter })).sort((a, b) => (a.actor < b.actor ? -1 : 1)));

/** The dumb version: a clock as the set of events it has seen, (actor, 1..counter). */
function events(c: VectorClock): Set<string> {
  const out = new Set<string>();
  for (const e of c) for (let i = 1; i <= e.counter; i++) out.add(`${e.actor}#${i}`);
  return out;
}
const subset = (a: Set<string>, b: Set<string>) => [...a].every((x) => b.has(x));

describe('vector clocks (§4.4)', () => {
  it('compare agrees with happens-before over the events each clock has seen', () => {
    fc.assert(
      fc.property(clockArb, clockArb, (a, b) => {
        const ea = events(a);
        const eb = events(b);
        const expected = subset(ea, eb) && subset(eb, ea) ? 'equal' : subset(eb, ea) ? 'after' : subset(ea, eb) ? 'before' : 'concurrent';
        expect(compareClocks(a, b)).toBe(expected);
      }),
    );
  });

  it('merge is the least upper bound: it descends both and has seen nothing else', () => {
    fc.assert(
      fc.property(clockArb, clockArb, (a, b) => {
        const m = mergeClocks(a, b);
        expect(descends(m, a) && descends(m, b)).toBe(true);
        expect(events(m)).toEqual(new Set([...events(a), ...events(b)]));
        expect(mergeClocks(b, a).map((e) => [e.actor, e.counter])).toEqual(m.map((e) => [e.actor, e.counter]));
      }),
    );
  });

  it('a stamp moves one counter on, so the new clock is strictly after its context', () => {
    fc.assert(
      fc.property(clockArb, fc.constantFrom(...actors), (c, actor) => {
        const counter = (c.find((e) => e.actor === actor)?.counter ?? 0) + 1;
        expect(compareClocks(stamp(c, actor, counter, 99), c)).toBe('after');
      }),
    );
  });

  it('truncation keeps the newest `limit` entries and drops the oldest', () => {
    const c: VectorClock = [
      { actor: 'S1', counter: 3, atUs: 30 },
      { actor: 'S2', counter: 1, atUs: 10 },
      { actor: 'S3', counter: 2, atUs: 20 },
    ];
    expect(truncate(c, 2)).toEqual({ clock: [c[0], c[2]], dropped: ['S2'] });
    expect(truncate(c, 10)).toEqual({ clock: c, dropped: [] });
  });
});

describe('siblings', () => {
  const v = (dot: string, clock: [string, number][]): Version => ({ value: dot, dot, clock: clock.map(([actor, counter]) => ({ actor, counter, atUs: 0 })) });

  it('a descendant replaces its ancestor; concurrent versions stay side by side; duplicates are ignored', () => {
    const a = v('S1:1', [['S1', 1]]);
    const b = v('S2:1', [['S1', 1], ['S2', 1]]);
    const c = v('S3:1', [['S1', 1], ['S3', 1]]);
    expect(addVersion([a], b)).toEqual({ versions: [b], added: true, dropped: ['S1:1'] });
    expect(reconcile([a, b, c]).map((x) => x.dot)).toEqual(['S2:1', 'S3:1']);
    expect(addVersion([b], a).added).toBe(false);
    expect(addVersion([b], b).added).toBe(false);
    const d = v('S1:2', [['S1', 2], ['S2', 1], ['S3', 1]]);
    expect(reconcile([b, c, d]).map((x) => x.dot)).toEqual(['S1:2']);
  });

  it('the result does not depend on arrival order', () => {
    const all = [v('S1:1', [['S1', 1]]), v('S2:1', [['S2', 1]]), v('S2:2', [['S1', 1], ['S2', 2]]), v('S3:1', [['S3', 1]])];
    fc.assert(
      fc.property(fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length }), (order) => {
        expect(reconcile(order).map((x) => x.dot)).toEqual(['S2:2', 'S3:1']);
      }),
    );
  });
});
