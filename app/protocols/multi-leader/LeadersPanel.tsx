import { useMemo } from 'react';
import { useSampled } from '../../lib/sampling';
import { select } from '../../session/selection';
import { compareLeaders } from './compare';

/**
 * The leaders side by side: one column per leader, one row per key under last writer wins and
 * as siblings, then the counter and the cart; a row where the running leaders disagree is marked
 * "≠" (words and a mark, never colour alone). The writes last writer wins threw away are in
 * LostWritesPanel.tsx. Reads the nodes at 4 Hz.
 */
export function LeadersPanel() {
  const nodes = useSampled((s) => s.nodes, 250);
  const compared = useMemo(() => compareLeaders(nodes), [nodes]);
  if (!compared) {
    return (
      <section className="panel-view ml-panel" aria-label="Leaders side by side">
        <h2 className="panel-title">Leaders side by side</h2>
        <p>No leader is running.</p>
      </section>
    );
  }
  const leaders = compared.rows[0]?.cells.map((c) => c.leader) ?? [];
  return (
    <section className="panel-view ml-panel" aria-label="Leaders side by side">
      <h2 className="panel-title">
        Leaders side by side{' '}
        <span className={compared.disagreeing ? 'ml-status ml-status--differ' : 'ml-status'}>
          {compared.disagreeing ? `≠ ${compared.disagreeing} differ` : '= agree'}
        </span>
      </h2>
      <div className="ml-scroll" tabIndex={0} role="region" aria-label="Each leader's keys, counter and cart, scrolls">
        <table className="ml-table">
          <thead>
            <tr>
              <th scope="col">Object</th>
              {leaders.map((l, i) => (
                <th key={l} scope="col">
                  <button type="button" className="ml-node" onClick={() => select({ kind: 'node', id: nodes[i]?.id ?? i })} title={`Select ${l}`}>
                    {l}
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {compared.rows.map((r) => (
              <tr key={r.label} className={r.disagree ? 'ml-row--differ' : undefined}>
                <th scope="row">
                  {r.disagree && <span className="ml-differ">≠ </span>}
                  {r.label}
                </th>
                {r.cells.map((c) => (
                  <td key={c.leader} className={(c.siblings ?? 0) > 1 ? 'ml-siblings' : undefined}>
                    {c.text}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        <p className="ml-key">LWW: the value @ its writer's clock in s · siblings: concurrent values kept · likes: a PN-counter · cart: an add-wins OR-set</p>
      </div>
    </section>
  );
}
