import { ticks } from 'd3';

/**
 * The latency chart's time axis: ticks on whole seconds only, so no two read alike. d3's ticks
 * over a 2-3 s span fall on half seconds, and "1.5 s" written to the second is "2 s" twice
 * (the axis read "1 s, 1 s, 2 s, 2 s"). Returns the ticks in µs, at most about `count`.
 */
export function secondTicks(firstUs: number, lastUs: number, count: number): number[] {
  const from = firstUs / 1e6;
  const to = lastUs / 1e6;
  let whole = ticks(from, to, Math.max(1, count)).filter(Number.isInteger);
  if (whole.length === 0) {
    // A span under the nice step: every whole second in it (a span of 1 s or more has one).
    whole = [];
    for (let s = Math.ceil(from); s <= to; s++) whole.push(s);
  }
  return whole.map((s) => s * 1_000_000);
}

/** A second tick's label: "3 s". */
export const secondLabel = (us: number) => `${Math.round(us / 1e6)} s`;
