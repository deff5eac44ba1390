import { kindOf } from '../../../engine/kernel/topology';
import { useSampled } from '../../lib/sampling';
import { useSim } from '../../store/store';
import { select } from '../../session/selection';
import { asServerView, ballotText, commandText, type SlotState } from './view';

/**
 * The replicated log's last slots, newest first, server by server: applied (chosen and applied to the
 * store), chosen, accepted (not known chosen yet) or empty; the leader's row first. A gap the new
 * leader filled shows as a no-op.
 */
const STATE: Record<SlotState, { mark: string; word: string }> = {
  applied: { mark: '✓', word: 'applied' },
  chosen: { mark: '★', word: 'chosen' },
  accepted: { mark: '·', word: 'accepted' },
  empty: { mark: '', word: 'empty' },
};
const SLOTS = 12;

export function LogPanel() {
  const nodes = useSampled((s) => s.nodes, 250);
  const topology = useSim((s) => s.topology);
  const isServer = (id: number) => (topology ? kindOf(topology, id) === 'server' : true);
  const serverRows = nodes.filter((n) => isServer(n.id)).map((n) => ({ node: n, view: n.up ? asServerView(n.view) : null }));
  const last = Math.max(0, ...serverRows.flatMap((r) => r.view?.slots.map((s) => s.slot) ?? []));
  const first = Math.max(0, last - SLOTS + 1);
  // Newest first, so the slots that change are in view without scrolling.
  const slots = Array.from({ length: Math.max(0, last - first + 1) }, (_, i) => last - i);
  return (
    <section className="panel-view mp-log" aria-label="Replicated log">
      <header className="mp-log-header">
        <h2 className="panel-title">Replicated log</h2>
        <ul className="mp-log-legend" aria-label="Legend">
          {(['applied', 'chosen', 'accepted'] as const).map((s) => (
            <li key={s}>
              <span className={`mp-cell mp-cell--${s}`} aria-hidden="true">
                {STATE[s].mark}
              </span>{' '}
              {STATE[s].word}
            </li>
          ))}
        </ul>
      </header>
      <div className="mp-log-scroll" tabIndex={0} role="region" aria-label="Table of log slots per server, scrolls">
        <table className="mp-log-table">
          <caption className="visually-hidden">Each row is one server's copy of the log's last slots: the command in each and whether it is applied, chosen or only accepted.</caption>
          <thead>
            <tr>
              <th scope="col">Server</th>
              {slots.map((s) => (
                <th scope="col" key={s}>
                  {s}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {serverRows.map(({ node, view }) => (
              <tr key={node.id}>
                <th scope="row">
                  <button type="button" className="mp-node-link" onClick={() => select({ kind: 'node', id: node.id })} title={`Select ${node.name}`}>
                    {node.name}
                    {view?.role === 'leader' ? ' ★' : ''}
                  </button>
                </th>
                {view ? (
                  slots.map((slot) => {
                    const s = view.slots.find((x) => x.slot === slot);
                    const state = s?.state ?? 'empty';
                    return (
                      <td
                        key={slot}
                        className={`mp-cell mp-cell--${state}${s?.value?.kind === 'noop' ? ' mp-cell--noop' : ''}`}
                        title={s ? `slot ${slot}: ${commandText(s.value)}, ${STATE[state].word}${s.ballot !== null ? ` at ${ballotText(s.ballot)}` : ''}` : `slot ${slot}: empty`}
                      >
                        {s && s.state !== 'empty' ? `${STATE[state].mark} ${commandText(s.value)}` : ''}
                      </td>
                    );
                  })
                ) : (
                  <td colSpan={Math.max(1, slots.length)} className="inspector-muted">
                    ✕ crashed (its accepted slots are on disk)
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
