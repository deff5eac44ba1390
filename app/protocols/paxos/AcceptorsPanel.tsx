import { kindOf } from '../../../engine/kernel/topology';
import { useSampled } from '../../lib/sampling';
import { useSim } from '../../store/store';
import { select } from '../../session/selection';
import { asPaxosView, ballotText, PHASE_TEXT } from './view';

/**
 * The acceptors' state at a glance (the issue's "per acceptor its promised and accepted ballot
 * and value"), then the proposers' ballots and the learners' values: who promised whom, who
 * accepted what, and whether a majority agrees.
 */
export function AcceptorsPanel() {
  const nodes = useSampled((s) => s.nodes, 250);
  const topology = useSim((s) => s.topology);
  const rows = nodes.map((n) => ({ node: n, view: n.up ? asPaxosView(n.view) : null }));
  // A crashed node shows no view: it stays in the table (as crashed) when its kind accepts.
  const acceptors = rows.filter((r) => r.view?.roles.acceptor || (!r.node.up && ['server', 'acceptor'].includes(topology ? (kindOf(topology, r.node.id) ?? '') : 'server')));
  const proposers = rows.filter((r) => r.view?.proposer);
  return (
    <section className="panel-view paxos-panel" aria-label="Acceptors and proposers">
      <h2 className="panel-title">Acceptors and proposers</h2>
      <div className="paxos-panel-scroll" tabIndex={0} role="region" aria-label="Table of acceptors, scrolls">
        <table className="paxos-table">
          <caption className="visually-hidden">Each acceptor's promised ballot and the proposal it accepted (both kept on disk); a crashed one shows as down.</caption>
          <thead>
            <tr>
              <th scope="col">Acceptor</th>
              <th scope="col">Promised</th>
              <th scope="col">Accepted ballot</th>
              <th scope="col">Accepted value</th>
              <th scope="col">Learned</th>
            </tr>
          </thead>
          <tbody>
            {acceptors.map(({ node, view }) => (
              <tr key={node.id}>
                <th scope="row">
                  <button type="button" className="paxos-node-link" onClick={() => select({ kind: 'node', id: node.id })} title={`Select ${node.name}`}>
                    {node.name}
                  </button>
                </th>
                {view?.acceptor ? (
                  <>
                    <td>{ballotText(view.acceptor.promised)}</td>
                    <td>{view.acceptor.accepted ? ballotText(view.acceptor.accepted.ballot) : '–'}</td>
                    <td className="paxos-value">{view.acceptor.accepted ? view.acceptor.accepted.value : '–'}</td>
                    <td>{view.learner ? (view.learner.learned ? `★ ${view.learner.learned.value}` : '–') : ''}</td>
                  </>
                ) : (
                  <td colSpan={4} className="inspector-muted">
                    ✕ crashed (its promise is on disk)
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
        {proposers.length > 0 && (
          <table className="paxos-table">
            <caption className="visually-hidden">Each proposer's phase, ballot and value.</caption>
            <thead>
              <tr>
                <th scope="col">Proposer</th>
                <th scope="col">Phase</th>
                <th scope="col">Ballot</th>
                <th scope="col">Value</th>
                <th scope="col">Ballots / pre-empted</th>
              </tr>
            </thead>
            <tbody>
              {proposers.map(({ node, view }) => {
                const p = view!.proposer!;
                return (
                  <tr key={node.id}>
                    <th scope="row">{node.name}</th>
                    <td>{PHASE_TEXT[p.phase]}</td>
                    <td>{ballotText(p.ballot)}</td>
                    <td className="paxos-value">{p.proposing ?? p.value ?? '–'}</td>
                    <td>
                      {p.ballotsStarted} / {p.preemptions}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
}
