import type { Stats } from '../../../engine/experiments/stats';
import { formatValue, lineStyle } from './model';

export interface StatsRow {
  name: string;
  stats: Stats;
}

/** A short stroke in the variant's colour and dash pattern: the table doubles as the legend. */
function Swatch({ index }: { index: number }) {
  const style = lineStyle(index);
  return (
    <svg className="stats-swatch" viewBox="0 0 48 12" aria-hidden="true">
      <line x1="2" y1="6" x2="46" y2="6" stroke={style.color} strokeDasharray={style.dash || undefined} />
    </svg>
  );
}

export function StatsTable({ rows, unit, caption }: { rows: StatsRow[]; unit: string; caption: string }) {
  const cells: [string, keyof Stats][] = [
    ['min', 'min'],
    ['median', 'median'],
    ['p90', 'p90'],
    ['p99', 'p99'],
    ['max', 'max'],
  ];
  return (
    <table className="stats-table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Variant</th>
          <th scope="col">Runs</th>
          <th scope="col">No value</th>
          {cells.map(([label]) => (
            <th scope="col" key={label}>
              {label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row, i) => (
          <tr key={row.name}>
            <th scope="row">
              <Swatch index={i} />
              {row.name}
            </th>
            <td>{row.stats.count.toLocaleString('en-US')}</td>
            <td className={row.stats.missing > 0 ? 'stats-missing' : undefined}>{row.stats.missing.toLocaleString('en-US')}</td>
            {cells.map(([label, key]) => (
              <td key={label}>{formatValue(row.stats[key] as number | null, unit)}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
