import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyRangeChange, initialRanges, nextRangeChange, ownersFromRanges, type RangeTable } from './ranges';

const valid = (t: RangeTable, keys: number) => {
  expect(t.starts[0]).toBe(0);
  for (let i = 1; i < t.starts.length; i++) expect(t.starts[i]!).toBeGreaterThan(t.starts[i - 1]!);
  expect(t.starts[t.starts.length - 1]!).toBeLessThan(keys);
  expect(t.owners).toHaveLength(t.starts.length);
};

describe('range partitioning', () => {
  it('the initial table cuts the key space evenly among the members', () => {
    const t = initialRanges(96, [0, 1, 2, 3, 4]);
    expect(t.starts).toEqual([0, 19, 38, 57, 76]);
    expect(ownersFromRanges(t, 96).filter((o) => o === 2)).toHaveLength(19);
  });

  it('the master gives a joiner half a range, splits big ranges, merges small ones, and the table stays valid', () => {
    fc.assert(
      fc.property(fc.integer({ min: 4, max: 200 }), fc.integer({ min: 1, max: 6 }), fc.array(fc.boolean(), { maxLength: 200 }), (keys, m, bits) => {
        const members = Array.from({ length: m }, (_, i) => i);
        const written = Array.from({ length: keys }, (_, k) => bits[k] ?? false);
        // Start from more members than there are now (one left), so merges and joins both happen.
        let t = initialRanges(keys, [...members, m].slice(0, m + 1));
        const limits = { splitKeys: 8, mergeKeys: 4 };
        // The master settles within a bounded number of changes (no oscillation).
        for (let step = 0; step < 400; step++) {
          const change = nextRangeChange(t, keys, members, written, limits);
          if (!change) break;
          t = applyRangeChange(t, change, 0);
          valid(t, keys);
          expect(step).toBeLessThan(399);
        }
        // Every member owns a range (when there are keys enough), every owner is a member.
        expect(t.owners.every((o) => members.includes(o))).toBe(true);
        if (keys >= 2 * m) expect(new Set(t.owners).size).toBe(m);
      }),
    );
  });
});
