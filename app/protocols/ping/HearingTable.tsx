import { useSampled } from '../../lib/sampling';
import { serverName } from '../../lib/format';
import { select } from '../../session/selection';
import { peerState, asPingView, type PeerState } from './view';

/**
 * Who hears whom: one row per node (what it thinks), one column per node (of whom). The
 * failure detector's whole state at a glance: a crashed node's column fills with crosses as the
 * others suspect it, and clears when it is back.
 */
const CELL: Record<PeerState, { mark: string; word: string }> = {
  hears: { mark: '✓', word: 'hears' },
  suspects: { mark: '✕', word: 'suspects' },
  waiting: { mark: '·', word: 'has not heard yet from' },
};

export function HearingTable() {
  const nodes = useSampled((s) => s.nodes, 250);
  const ids = nodes.map((n) => n.id);
  return (
    <section className="panel-view ping-hearing" aria-label="Who hears whom">
      <header className="ping-hearing-header">
        <h2 className="panel-title">Who hears whom</h2>
        <ul className="ping-hearing-legend" aria-label="Legend">
          <li>
            <span className="ping-cell ping-cell--hears" aria-hidden="true">✓</span> hears
          </li>
          <li>
            <span className="ping-cell ping-cell--suspects" aria-hidden="true">✕</span> suspects
          </li>
          <li>
            <span className="ping-cell ping-cell--waiting" aria-hidden="true">·</span> not heard yet
          </li>
        </ul>
      </header>
      <div className="ping-hearing-scroll" tabIndex={0} role="region" aria-label="Table of who hears whom, scrolls">
        <table className="ping-hearing-table">
          <caption className="visually-hidden">Each row is what one node thinks of every other node: hears it, suspects it, or has not heard from it yet.</caption>
          <thead>
            <tr>
              <th scope="col">Node</th>
              {ids.map((id) => (
                <th scope="col" key={id}>
                  {serverName(id)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {nodes.map((node) => {
              const view = node.up ? asPingView(node.view) : null;
              return (
                <tr key={node.id} className={node.up ? undefined : 'ping-hearing-down'}>
                  <th scope="row">
                    <button type="button" className="ping-hearing-node" onClick={() => select({ kind: 'node', id: node.id })} title={`Select ${node.name}`}>
                      {node.name}
                    </button>
                  </th>
                  {!view ? (
                    <td colSpan={Math.max(1, ids.length)} className="ping-hearing-crashed">
                      {node.up ? 'starting' : 'crashed: it hears no one'}
                    </td>
                  ) : (
                    ids.map((peer) => {
                      if (peer === node.id) return <td key={peer} className="ping-cell-self" aria-label="itself" />;
                      const state = peerState(view, peer);
                      return (
                        <td key={peer} title={`${node.name} ${CELL[state].word} ${serverName(peer)}`}>
                          <span className={`ping-cell ping-cell--${state}`} aria-hidden="true">
                            {CELL[state].mark}
                          </span>
                          <span className="visually-hidden">{CELL[state].word}</span>
                        </td>
                      );
                    })
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
