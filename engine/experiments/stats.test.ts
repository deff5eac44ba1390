import { describe as suite, expect, it } from 'vitest';
import { describe, ecdf, percentile } from './stats';

suite('statistics over per-run values', () => {
  it('uses nearest-rank percentiles, so every figure is a value some run produced', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1); // 1..100
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 90)).toBe(90);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 100)).toBe(100);
    expect(percentile(values, 0)).toBe(1);
    expect(percentile([7, 3, 5], 50)).toBe(5);
    expect(percentile([4, 1], 50)).toBe(1);
    expect(percentile([], 50)).toBeNull();
    expect(() => percentile([1], 101)).toThrow(RangeError);
  });

  it('counts, min, median, p90, p99, max and mean', () => {
    const s = describe([30, 10, 20, 40]);
    expect(s).toEqual({ count: 4, missing: 0, min: 10, median: 20, p90: 40, p99: 40, max: 40, mean: 25 });
  });

  it('treats a run without a value as censored: above every value, never optimistic', () => {
    const s = describe([10, null, 20, null]);
    expect(s.count).toBe(4);
    expect(s.missing).toBe(2);
    expect(s.min).toBe(10);
    expect(s.median).toBe(20); // rank 2 of 4
    expect(s.p90).toBeNull(); // rank 4 is a run that never finished
    expect(s.max).toBeNull();
    expect(s.mean).toBeNull();
    expect(describe([null]).min).toBeNull();
  });

  it('builds the empirical CDF over all runs, merging equal values', () => {
    expect(ecdf([3, 1, 2, 2])).toEqual([
      { x: 1, p: 0.25 },
      { x: 2, p: 0.75 },
      { x: 3, p: 1 },
    ]);
    // Censored runs keep the curve below 100%.
    expect(ecdf([5, null])).toEqual([{ x: 5, p: 0.5 }]);
    expect(ecdf([])).toEqual([]);
  });
});
