/**
 * Virtual time. Always an integer count of microseconds (DESIGN.md invariant 1): floats would
 * make two runners round differently, and nothing in engine/ may read a wall clock.
 */
export type Micros = number;

export const US_PER_MS = 1_000;
export const US_PER_S = 1_000_000;

export const fromMs = (ms: number): Micros => Math.round(ms * US_PER_MS);
export const toMs = (us: Micros): number => us / US_PER_MS;

/** Formats virtual time the way the UI and the CLI print it: "1.234 s" or "12.5 ms". */
export function formatMicros(us: Micros): string {
  if (us >= US_PER_S) return `${(us / US_PER_S).toFixed(3)} s`;
  return `${(us / US_PER_MS).toFixed(us % US_PER_MS === 0 ? 0 : 1)} ms`;
}
