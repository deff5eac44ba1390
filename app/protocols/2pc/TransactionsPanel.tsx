import { formatDuration } from '../../lib/format';
import { useSampled } from '../../lib/sampling';
import { select } from '../../session/selection';
import { kindOf } from '../../../engine/kernel/topology';
import { nodeName, useSim } from '../../store/store';
import type { NodeState } from '../../store/types';
import { acceptorRecordText, asTwoPcView, PHASE_WORD, type AcceptorView, type CoordinatorView, type ParticipantView } from './view';

/**
 * Two-phase commit at a glance. Above: every participant, its locks and the transactions it is
 * in doubt about, with for how long (the blocking made visible). Below: the coordinator's open
 * transactions, each participant's vote and ack, and the last few outcomes.
 */
export function TransactionsPanel() {
  const nodes = useSampled((s) => s.nodes, 250);
  const now = useSampled((s) => s.now, 250);
  const topology = useSim((s) => s.topology);
  // Kinds come from the scenario's topology: a crashed coordinator has no view to say what it is.
  const isCoordinator = (n: NodeState) => (topology ? kindOf(topology, n.id) === 'coordinator' : asTwoPcView(n.view)?.role === 'coordinator');
  const isAcceptor = (n: NodeState) => (topology ? kindOf(topology, n.id) === 'acceptor' : asTwoPcView(n.view)?.role === 'acceptor');
  const coordinators = nodes.filter(isCoordinator);
  const acceptors = nodes.filter(isAcceptor);
  const participants = nodes.filter((n) => !isCoordinator(n) && !isAcceptor(n));
  const paxos = acceptors.some((a) => {
    const v = asTwoPcView(a.view);
    return v?.role === 'acceptor' && v.mode === 'paxos';
  });
  return (
    <section className="panel-view tpc-panel" aria-label="Transactions">
      <h2 className="panel-title">Transactions</h2>
      <div className="tpc-scroll" tabIndex={0} role="region" aria-label="Locks, doubt and votes, scrolls">
        <ul className="tpc-participants" aria-label="Participants">
          {participants.map((p) => (
            <ParticipantLine key={p.id} node={p} now={now} />
          ))}
        </ul>
        {coordinators.map((c) => (
          <CoordinatorTable key={c.id} node={c} paxos={paxos} />
        ))}
        {acceptors.length > 0 && (
          <ul className="tpc-participants" aria-label="Acceptors">
            {acceptors.map((a) => (
              <AcceptorLine key={a.id} node={a} />
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}

function ParticipantLine({ node, now }: { node: NodeState; now: number }) {
  // Read by role, never cast: while the page switches systems, sampled nodes and the topology
  // may briefly disagree (a coordinator's view in a participant's row).
  const parsed = asTwoPcView(node.view);
  const view: ParticipantView | null = parsed?.role === 'participant' ? parsed : null;
  const locks = view ? Object.keys(view.locks).sort() : [];
  return (
    <li className={view?.prepared.length ? 'tpc-doubt-line' : undefined}>
      <button type="button" className="tpc-node" onClick={() => select({ kind: 'node', id: node.id })} title={`Select ${node.name}`}>
        {node.name}
      </button>{' '}
      {!node.up && <em>crashed{view?.prepared.length ? ' (its prepared records and locks are on disk)' : ''}; </em>}
      {view && view.prepared.length > 0
        ? view.prepared.map((p) => (
            <span key={p.txid} className="tpc-doubt">
              ? in doubt about {p.txid} for {formatDuration(Math.max(0, now - p.preparedUs))}, holding {p.keys.join(', ')}
            </span>
          ))
        : view && <span>{locks.length ? `locks ${locks.join(', ')}` : 'no locks'}</span>}
    </li>
  );
}

const VOTE_MARK = (v: boolean | null) => (v === null ? '…' : v ? '✓ yes' : '✕ no');

/** A Paxos Commit acceptor: its latest transactions' promises and accepted votes (the decision's real home). */
function AcceptorLine({ node }: { node: NodeState }) {
  const parsed = asTwoPcView(node.view);
  const view: AcceptorView | null = parsed?.role === 'acceptor' ? parsed : null;
  const latest = view?.records.slice(0, 2) ?? [];
  return (
    <li>
      <button type="button" className="tpc-node" onClick={() => select({ kind: 'node', id: node.id })} title={`Select ${node.name}`}>
        {node.name}
      </button>{' '}
      {!node.up && <em>crashed (its promises and accepted votes are on disk); </em>}
      {view && view.mode !== 'paxos' && <span>idle (one coordinator decides)</span>}
      {view && view.mode === 'paxos' && (
        <span>
          {view.leading.map((l) => `▲ leads ${l.txid} in ballot ${l.ballot} (${l.phase}); `).join('')}
          {latest.length === 0 ? 'no votes yet' : latest.map((r) => acceptorRecordText(r, nodeName)).join(' · ')}
        </span>
      )}
    </li>
  );
}

function CoordinatorTable({ node, paxos }: { node: NodeState; paxos: boolean }) {
  const parsed = asTwoPcView(node.view);
  const view: CoordinatorView | null = parsed?.role === 'coordinator' ? parsed : null;
  if ((!node.up || !view) && paxos) {
    return (
      <p className="tpc-coordinator-down">
        <strong>{node.name} is {node.up ? 'starting' : 'crashed'}.</strong> Paxos Commit: the votes are with the acceptors, not with it. A participant in
        doubt asks them, and one takes over with a higher ballot.
      </p>
    );
  }
  if (!node.up || !view) {
    return (
      <p className="tpc-coordinator-down">
        <strong>{node.name} is {node.up ? 'starting' : 'crashed'}.</strong> Its open transactions are lost with its memory; its log keeps only the
        decisions already made. Participants that voted yes must wait for it.
      </p>
    );
  }
  return (
    <table className="tpc-table">
      <caption>
        {node.name}'s transactions {view.txns.length === 0 ? '(none open)' : ''}
      </caption>
      {view.txns.length > 0 && (
        <>
          <thead>
            <tr>
              <th scope="col">Transaction</th>
              <th scope="col">Phase</th>
              <th scope="col">Votes and acks</th>
            </tr>
          </thead>
          <tbody>
            {view.txns.map((t) => (
              <tr key={t.txid}>
                <th scope="row">{t.txid}</th>
                <td className={`tpc-phase tpc-phase--${t.phase}`}>{PHASE_WORD[t.phase]}</td>
                <td>
                  {t.participants
                    .map((p, i) => `${nodeName(p)} ${VOTE_MARK(t.votes[i] ?? null)}${t.acks.includes(p) ? ', acked' : ''}`)
                    .join('; ')}
                </td>
              </tr>
            ))}
          </tbody>
        </>
      )}
      {view.finished.length > 0 && (
        <tfoot>
          <tr>
            <td colSpan={3} className="tpc-finished">
              Last: {view.finished.slice(0, 4).map((f) => `${f.txid} ${f.outcome === 'commit' ? '✓ committed' : '✕ aborted'}`).join(' · ')}
            </td>
          </tr>
        </tfoot>
      )}
    </table>
  );
}
