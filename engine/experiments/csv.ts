import type { ExperimentResult } from './results';
import type { Stats } from './stats';

/**
 * CSV (RFC 4180: comma-separated, CRLF line ends, fields quoted when they hold a comma, quote or
 * line break). A text field that a spreadsheet would run as a formula (=, +, -, @ first) is
 * prefixed with an apostrophe: names come from experiment files, which are untrusted.
 */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let text = value;
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const row = (fields: (string | number | null | undefined)[]) => fields.map(csvField).join(',');
const lines = (rows: string[]) => `${rows.join('\r\n')}\r\n`;

/**
 * One row per run: seed, variant, one column per measure (empty: no value), then for each
 * step the node it acted on (0-based: crashed or restarted) and when (virtual ms), the trace hash, the
 * virtual time the run ended and its violations. With the crash, a run replays as a scenario.
 */
export function runsCsv(result: ExperimentResult): string {
  const { spec } = result;
  const suffix = (i: number) => (i === 0 ? '' : String(i + 1));
  const crashColumns = spec.steps.flatMap((_, i) => [`crashedNode${suffix(i)}`, `crashedAtMs${suffix(i)}`]);
  const header = row(['seed', 'variant', ...spec.measures, ...crashColumns, 'traceHash', 'endMs', 'violations']);
  const body = result.trials.map((t) =>
    row([
      t.seed,
      t.variant,
      ...t.values,
      ...spec.steps.flatMap((_, i) => [t.crashed[i]?.node ?? null, t.crashed[i]?.atMs ?? null]),
      t.traceHash,
      t.endMs,
      t.violations.length > 0 ? t.violations.join('; ') : null,
    ]),
  );
  return lines([header, ...body]);
}

const STAT_COLUMNS: (keyof Stats)[] = ['count', 'missing', 'min', 'median', 'p90', 'p99', 'max', 'mean'];

/** One row per variant and measure: the statistics (empty: unknown because some runs have no value). */
export function summaryCsv(result: ExperimentResult): string {
  const header = row(['variant', 'measure', ...STAT_COLUMNS]);
  const body = result.variants.flatMap((v) =>
    result.spec.measures.map((name, m) => {
      const s = v.measures[m]!.stats;
      return row([v.variant, name, ...STAT_COLUMNS.map((c) => (c === 'mean' && s.mean !== null ? round(s.mean) : s[c]))]);
    }),
  );
  return lines([header, ...body]);
}

const round = (x: number) => Math.round(x * 1000) / 1000;
