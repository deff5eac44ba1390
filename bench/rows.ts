/**
 * The issue-12 table as the benchmark prints it: one row per measure, each figure beside the
 * baseline measured in the same run (or the goal when there is no baseline to run) and their
 * ratio. A row the bench could not measure here says so; it never shows an old figure.
 */
export interface BenchRow {
  measure: string;
  /** The figure this run measured; null when not measured here (see `note`). */
  value: number | null;
  unit: string;
  baseline: { name: string; value: number } | null;
  /** value / baseline (or baseline / value when lower is better), rounded to 2 places. */
  ratio: number | null;
  goal: string;
  /** Whether the goal is met by this run's figures; null when it could not be judged. */
  goalMet: boolean | null;
  note?: string;
}

export const ratio2 = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 100) / 100 : null);

export function formatRow(r: BenchRow): string {
  const value = r.value === null ? 'not measured here' : `${r.value} ${r.unit}`;
  const base = r.baseline ? `; baseline ${r.baseline.name}: ${r.baseline.value}` : '';
  const ratio = r.ratio === null ? '' : `; ratio ${r.ratio}`;
  const met = r.goalMet === null ? '' : r.goalMet ? ' (met)' : ' (missed)';
  return `${r.measure}: ${value}${base}${ratio}; goal ${r.goal}${met}${r.note ? ` [${r.note}]` : ''}`;
}
