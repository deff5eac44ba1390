import { useMemo } from 'react';
import { useSampled } from '../../lib/sampling';
import { comparisonRows, type ComparisonRow } from './comparison';
import { freshestView } from './view';

/**
 * The placement schemes side by side on this run's keys and members: how many keys each moves
 * when one node joins and when one leaves, against the ideal K/N, and its load imbalance (max
 * over mean). Computed in the page with the engine's placement modules (pure functions), so it
 * follows the run's key count, virtual nodes and load factor.
 */
export function SchemesPanel() {
  const nodes = useSampled((s) => s.nodes, 1000);
  const fresh = freshestView(nodes);
  const input = fresh ? `${fresh.view.keys}|${fresh.view.members.join(',')}|${fresh.view.vnodes}|${fresh.view.loadFactor}|${nodes.length}|${fresh.view.scheme}` : '';
  const rows = useMemo(() => (fresh ? comparisonRows(fresh.view, nodes.length) : []), [input]); // eslint-disable-line react-hooks/exhaustive-deps
  return (
    <section className="panel-view ring-schemes" aria-label="Placement schemes compared" tabIndex={0}>
      <h2 className="panel-title">Placement schemes{fresh ? ` (${fresh.view.keys} keys)` : ''}</h2>
      {rows.length > 0 && (
        <table className="ring-schemes-table">
          <caption className="visually-hidden">
            Keys each scheme moves when a node joins or leaves, as a multiple of the ideal K/N, and its load imbalance, max over mean
          </caption>
          <thead>
            <tr>
              <th scope="col">Scheme</th>
              <th scope="col" title="keys moved when a node joins, as a multiple of the ideal K/(N+1)">join</th>
              <th scope="col" title="keys moved when the last member leaves, and the multiple of the ideal K/N">leave</th>
              <th scope="col" title="the fullest node's keys over the mean">max/mean</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <Row key={r.label} row={r} />
            ))}
          </tbody>
        </table>
      )}
      {rows.length > 0 && <p className="ring-schemes-note">join, leave: keys moved × the ideal K/N; max/mean: imbalance; ▶ this run</p>}
    </section>
  );
}

function Row({ row }: { row: ComparisonRow }) {
  const bar = (x: number) => ({ width: `${Math.min(100, (x / 3) * 100)}%` });
  return (
    <tr className={row.current ? 'ring-schemes-current' : undefined}>
      <th scope="row" title={row.title}>
        {row.label}
        {row.current ? <span className="visually-hidden"> (this run)</span> : null}
      </th>
      <td title={`${row.addMoved} keys move when a node joins`}>
        <span className="ring-cell-bar" style={bar(row.addOverIdeal)} aria-hidden="true" />
        {row.addOverIdeal.toFixed(1)}×<span className="visually-hidden"> ({row.addMoved} keys)</span>
      </td>
      <td title={`${row.removeMoved} keys move when a node leaves`}>
        <span className="ring-cell-bar" style={bar(row.removeOverIdeal)} aria-hidden="true" />
        {row.removeOverIdeal.toFixed(1)}×<span className="visually-hidden"> ({row.removeMoved} keys)</span>
      </td>
      <td>{row.imbalance.toFixed(2)}</td>
    </tr>
  );
}
