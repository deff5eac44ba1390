import { useSampled } from '../../lib/sampling';
import { asReplica, digestText, PHASE_MARK, PHASE_WORD } from './view';

/**
 * Every replica's log at once: one row per replica (its view, primary marked, watermarks), one
 * column per sequence number in any replica's window, each cell the phase as a mark and the
 * request it holds there. Equivocation shows as a column with two different requests; a view
 * change as rows whose view numbers differ; garbage collection as columns leaving on the left.
 */
export function PbftLogPanel() {
  const nodes = useSampled((s) => s.nodes, 250);
  const replicas = nodes.flatMap((n) => {
    const v = n.up ? asReplica(n.view) : null;
    return v ? [{ node: n, v }] : n.view === null && !n.up ? [] : [];
  });
  const seqs = [...new Set(replicas.flatMap((r) => r.v.slots.map((s) => s.seq)))].sort((a, b) => a - b).slice(-12);
  return (
    <section className="panel-view pbft-log" aria-label="Replica logs">
      <header className="pbft-log-header">
        <h2 className="panel-title">Replica logs</h2>
        <ul className="pbft-log-legend" aria-label="Legend">
          {(['pre-prepared', 'prepared', 'committed'] as const).map((p) => (
            <li key={p}>
              <span aria-hidden="true">{PHASE_MARK[p]}</span> {PHASE_WORD[p]}
            </li>
          ))}
          <li>★ primary</li>
        </ul>
      </header>
      <div className="pbft-log-scroll" tabIndex={0} role="region" aria-label="Table of replica logs, scrolls">
        <table className="pbft-log-table">
          <thead>
            <tr>
              <th scope="col">Replica</th>
              <th scope="col">View</th>
              <th scope="col">h–H</th>
              {seqs.map((n) => (
                <th key={n} scope="col">
                  n={n}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {replicas.map(({ node, v }) => (
              <tr key={node.id}>
                <th scope="row">
                  {node.name}
                  {v.primary === node.id && v.status === 'normal' ? ' ★' : ''}
                  {node.byzantine ? ' ⚠' : ''}
                </th>
                <td>{v.status === 'view-change' ? `→${v.view}` : v.view}</td>
                <td>
                  {v.h}–{v.H}
                </td>
                {seqs.map((n) => {
                  const slot = v.slots.find((s) => s.seq === n);
                  if (!slot) return <td key={n} className="pbft-cell pbft-cell--empty">{n <= v.h ? '▣' : ''}</td>;
                  return (
                    <td key={n} className={`pbft-cell pbft-cell--${slot.phase}${slot.digest.startsWith('null') ? ' pbft-cell--null' : ''}`}>
                      {PHASE_MARK[slot.phase]} {digestText(slot.digest)}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
