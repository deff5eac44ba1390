import { kindOf } from '../../../engine/kernel/topology';
import { useSampled } from '../../lib/sampling';
import { select } from '../../session/selection';
import { useSim } from '../../store/store';
import { asPaxosView, ballotText, PHASE_TEXT } from './view';

/**
 * Every node's Paxos state at a glance (the issue's "per acceptor its promised and accepted
 * ballot and value"): an acceptor's promise and acceptance (both on disk), a proposer's phase and
 * ballot, a learner's value. Whether a majority agrees reads straight down the columns.
 */
export function AcceptorsPanel() {
  const nodes = useSampled((s) => s.nodes, 250);
  const topology = useSim((s) => s.topology);
  return (
    <section className="panel-view paxos-panel" aria-label="Acceptors, proposers and learners">
      <h2 className="panel-title">Acceptors, proposers, learners</h2>
      <div className="paxos-panel-scroll" tabIndex={0} role="region" aria-label="Table of every node's Paxos state, scrolls">
        <table className="paxos-table">
          <caption className="visually-hidden">
            Each node's promised ballot and accepted proposal (an acceptor's, kept on disk), its proposer's phase and ballot, and the value its learner learned.
          </caption>
          <thead>
            <tr>
              <th scope="col">Node</th>
              <th scope="col">Promised</th>
              <th scope="col">Accepted</th>
              <th scope="col">Proposer</th>
              <th scope="col">Learned</th>
            </tr>
          </thead>
          <tbody>
            {nodes.map((node) => {
              const view = node.up ? asPaxosView(node.view) : null;
              const p = view?.proposer;
              return (
                <tr key={node.id}>
                  <th scope="row">
                    <button type="button" className="paxos-node-link" onClick={() => select({ kind: 'node', id: node.id })} title={`Select ${node.name}`}>
                      {node.name}
                    </button>
                  </th>
                  {view ? (
                    <>
                      <td>{view.acceptor ? ballotText(view.acceptor.promised) : ''}</td>
                      <td>
                        {view.acceptor ? (
                          view.acceptor.accepted ? (
                            <>
                              <span className="paxos-value">{view.acceptor.accepted.value}</span> @ {ballotText(view.acceptor.accepted.ballot)}
                            </>
                          ) : (
                            '–'
                          )
                        ) : (
                          ''
                        )}
                      </td>
                      <td>{p ? `${PHASE_TEXT[p.phase]}${p.ballot > 0 && p.phase !== 'done' ? ` ${ballotText(p.ballot)}` : ''}` : ''}</td>
                      <td className="paxos-value">{view.learner ? (view.learner.learned ? `★ ${view.learner.learned.value}` : '–') : ''}</td>
                    </>
                  ) : (
                    <td colSpan={4} className="inspector-muted">
                      ✕ crashed{topology && ['server', 'acceptor'].includes(kindOf(topology, node.id) ?? '') ? ' (its promise and acceptance are on disk)' : ''}
                    </td>
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
