import { scaleLinear, type ScaleLinear } from 'd3';

/**
 * The lag chart's y axis, apart from the drawing so it can be tested. With every replica caught
 * up the data's extent is [0, 0]; the domain keeps a floor (`MIN_TOP_MS`) so the axis still reads
 * 0, 50 ms, 100 ms, and ticks whose labels would read alike are dropped (a label is the tick
 * written to its unit, so two ticks can round to the same words).
 */
export const MIN_TOP_MS = 100;

/** A lag tick with its unit: "0", "500 ms", "2 s". */
export const lagTick = (ms: number) => (ms === 0 ? '0' : ms >= 1000 ? `${ms / 1000} s` : `${ms} ms`);

export interface LagAxis {
  y: ScaleLinear<number, number>;
  ticks: { ms: number; label: string }[];
}

/** `maxMs`: the largest lag in the window; `innerH`: the plot's height in pixels (about 30 px a tick). */
export function lagAxis(maxMs: number, innerH: number): LagAxis {
  const top = Math.max(MIN_TOP_MS, Number.isFinite(maxMs) ? maxMs : 0) * 1.1;
  const y = scaleLinear().domain([0, top]).nice(5).range([Math.max(1, innerH), 0]);
  const seen = new Set<string>();
  const ticks: LagAxis['ticks'] = [];
  for (const ms of y.ticks(Math.max(2, Math.floor(innerH / 30)))) {
    const label = lagTick(ms);
    if (seen.has(label)) continue;
    seen.add(label);
    ticks.push({ ms, label });
  }
  return { y, ticks };
}

/**
 * The left margin that holds the widest tick label at `fontPx` (its text is right-aligned at
 * -6 px): in presenter mode "100 ms" is wider than the normal mode's 52 px, and the cut-off
 * labels read "0 ms" over and over. 0.62 em a character is the system sans-serif's digit width
 * with room to spare.
 */
export function lagAxisMargin(labels: readonly string[], fontPx: number): number {
  const longest = Math.max(1, ...labels.map((l) => l.length));
  return Math.max(52, Math.ceil(longest * 0.62 * fontPx) + 10);
}
