/**
 * Statistics over one measure's per-run values. A run without a value (null: the event never
 * happened before the run ended) is right-censored: it counts in every total, and sorts above
 * every value. So percentiles and the CDF are over all runs, and a percentile that falls on a
 * censored run is unknown (null) rather than optimistic.
 *
 * Percentiles use the nearest-rank definition: p is the smallest value with at least p% of the
 * runs at or below it, so every figure is one that some run actually produced.
 */
export interface Stats {
  /** Runs. */
  count: number;
  /** Runs without a value. */
  missing: number;
  min: number | null;
  median: number | null;
  p90: number | null;
  p99: number | null;
  /** Null when some run has no value (the largest is then unknown). */
  max: number | null;
  /** Null when some run has no value. */
  mean: number | null;
}

/** One step of the empirical CDF: a fraction `p` (0..1] of all runs took at most `x`. */
export interface CdfPoint {
  x: number;
  p: number;
}

function sortedValues(values: readonly (number | null)[]): number[] {
  return values.filter((x): x is number => x !== null && Number.isFinite(x)).sort((a, b) => a - b);
}

/** Nearest-rank percentile over all runs (censored ones above every value); null if censored. */
export function percentile(values: readonly (number | null)[], p: number): number | null {
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile ${p} is not between 0 and 100`);
  const n = values.length;
  if (n === 0) return null;
  const sorted = sortedValues(values);
  const rank = Math.max(1, Math.ceil((p / 100) * n));
  return rank <= sorted.length ? sorted[rank - 1]! : null;
}

export function describe(values: readonly (number | null)[]): Stats {
  const sorted = sortedValues(values);
  const n = values.length;
  const missing = n - sorted.length;
  const sum = sorted.reduce((a, b) => a + b, 0);
  return {
    count: n,
    missing,
    min: sorted.length > 0 ? sorted[0]! : null,
    median: percentile(values, 50),
    p90: percentile(values, 90),
    p99: percentile(values, 99),
    max: missing === 0 && n > 0 ? sorted[sorted.length - 1]! : null,
    mean: missing === 0 && n > 0 ? sum / n : null,
  };
}

/**
 * The empirical CDF as steps: for each distinct value x, the fraction of all runs at or below
 * it. It ends below 1 when some runs have no value.
 */
export function ecdf(values: readonly (number | null)[]): CdfPoint[] {
  const sorted = sortedValues(values);
  const n = values.length;
  const out: CdfPoint[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const x = sorted[i]!;
    if (i + 1 < sorted.length && sorted[i + 1] === x) continue;
    out.push({ x, p: (i + 1) / n });
  }
  return out;
}
