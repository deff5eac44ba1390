import type { ReactNode } from 'react';
import { serverName } from '../../lib/format';
import type { NodeState } from '../../store/types';
import { TimersSection } from '../../views/inspector/TimersSection';
import type { InspectorSectionProps, InspectorUi } from '../ui';
import { termColor, termInk } from './colors';
import { asRaftView, roleLabel, type RaftRole, type RaftView, type RaftViewEntry } from './view';

/**
 * A Raft server in the inspector: its role beside its name, then its state (term, vote, leader,
 * commit index, members), its timers, the votes of an election it runs, a leader's replication
 * progress, and the last entries of its log. The inspector's shell (views/inspector/) draws the
 * rest: name, actions, links, messages and links.
 */

const ROLE_GLYPH: Record<RaftRole, string> = { leader: '★', candidate: '◆', precandidate: '◇', follower: '○' };

function RoleBadge({ node }: { node: NodeState }) {
  const view = asRaftView(node.view);
  if (!view) return null;
  return (
    <span className={`inspector-role inspector-role--${view.role}`}>
      <span aria-hidden="true">{ROLE_GLYPH[view.role]}</span> {roleLabel(view.role)}
    </span>
  );
}

export function TermChip({ term }: { term: number }) {
  return (
    <span className="inspector-term" style={{ background: termColor(term), color: termInk(term) }}>
      {term}
    </span>
  );
}

/** A section that reads the node's Raft view (the shell shows only nodes whose view parses). */
const withView = (Section: (props: { view: RaftView } & InspectorSectionProps) => ReactNode) =>
  function RaftSection(props: InspectorSectionProps) {
    const view = asRaftView(props.node.view);
    return view ? <Section {...props} view={view} /> : null;
  };

function NodeFacts({ view }: { view: RaftView }) {
  const name = (id: number | null, none: string) => (id === null ? <span className="inspector-muted">{none}</span> : serverName(id));
  return (
    <dl className="inspector-facts">
      <dt>Term</dt>
      <dd>
        <TermChip term={view.term} />
      </dd>
      <dt>Voted for</dt>
      <dd>{name(view.votedFor, 'nobody this term')}</dd>
      <dt>Leader</dt>
      <dd>{name(view.leader, 'unknown')}</dd>
      <dt>Commit index</dt>
      <dd>{view.commitIndex}</dd>
      <dt>Log length</dt>
      <dd>{view.logLength}</dd>
      <dt>Snapshot</dt>
      <dd>
        {view.snapshotIndex > 0 ? (
          <>
            up to index {view.snapshotIndex}, term {view.snapshotTerm} <span className="inspector-muted">(entries 1–{view.snapshotIndex} compacted)</span>
          </>
        ) : (
          <span className="inspector-muted">none yet</span>
        )}
      </dd>
      <dt>Applied value</dt>
      <dd>{view.appliedValue ?? <span className="inspector-muted">none yet</span>}</dd>
      <dt>Members</dt>
      <dd>{view.members.length > 0 ? view.members.map(serverName).join(', ') : <span className="inspector-muted">none</span>}</dd>
    </dl>
  );
}

function Votes({ view }: { view: RaftView }) {
  if (!view.votes) return null;
  const votes = view.votes;
  return (
    <div className="inspector-section">
      <h4>{view.role === 'precandidate' ? 'Pre-votes' : 'Votes'} so far</h4>
      <ul className="inspector-votes">
        {view.members.map((id) => {
          const v = votes[id];
          const state = v === true ? 'granted' : v === false ? 'refused' : 'waiting';
          return (
            <li key={id} className={`inspector-vote inspector-vote--${state}`}>
              {serverName(id)} <span aria-hidden="true">{v === true ? '✓' : v === false ? '✕' : '…'}</span>
              <span className="visually-hidden"> {state}</span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

function Progress({ node, view, nodes }: { view: RaftView } & InspectorSectionProps) {
  if (view.role !== 'leader' || !view.nextIndex || !view.matchIndex) return null;
  const peers = view.members.filter((p) => p !== node.id);
  const down = nodes.filter((n) => !n.up).map((n) => n.id);
  return (
    <div className="inspector-section">
      <h4>Replication (leader's view)</h4>
      <table className="inspector-table">
        <thead>
          <tr>
            <th scope="col">Peer</th>
            <th scope="col">nextIndex</th>
            <th scope="col">matchIndex</th>
            <th scope="col">Behind</th>
          </tr>
        </thead>
        <tbody>
          {peers.map((p) => {
            const match = view.matchIndex?.[p] ?? 0;
            const behind = view.logLength - match;
            return (
              <tr key={p}>
                <th scope="row">
                  {serverName(p)}
                  {down.includes(p) ? <span className="inspector-peer-down"> ✕ down</span> : null}
                </th>
                <td>{view.nextIndex?.[p] ?? '–'}</td>
                <td>{match}</td>
                <td className={behind > 0 ? 'inspector-behind' : undefined}>{behind > 0 ? `${behind}` : 'up to date'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function entryText(e: RaftViewEntry): string {
  if (e.kind === 'noop') return 'no-op';
  if (e.kind === 'config') return `config {${String(e.value ?? '').replace(/^config /, '').split(',').filter(Boolean).map((s) => serverName(Number(s))).join(', ')}}`;
  return `write ${String(e.value)}`;
}

function LastEntries({ view }: { view: RaftView }) {
  const entries = view.log.slice(-8).reverse();
  return (
    <div className="inspector-section">
      <h4>Last log entries</h4>
      {entries.length === 0 ? (
        <p className="inspector-muted">The log is empty.</p>
      ) : (
        <table className="inspector-table">
          <thead>
            <tr>
              <th scope="col">Index</th>
              <th scope="col">Term</th>
              <th scope="col">Entry</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.index}>
                <th scope="row">{e.index}</th>
                <td>
                  <TermChip term={e.term} />
                </td>
                <td>{entryText(e)}</td>
                <td>{e.index <= view.commitIndex ? '✓ committed' : <span className="inspector-muted">pending</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/** Raft's payload fields drawn specially: entries as term chips, a forwarded command in words. */
export function renderRaftField(name: string, value: unknown): ReactNode | undefined {
  if (name === 'entries' && Array.isArray(value)) {
    return value.length === 0 ? (
      <span className="inspector-muted">none (a heartbeat)</span>
    ) : (
      <span className="inspector-entries">
        {value.length} {value.length === 1 ? 'entry' : 'entries'}:{' '}
        {value.slice(0, 12).map((raw, i) => {
          const e = (raw ?? {}) as Record<string, unknown>;
          const term = typeof e.term === 'number' ? e.term : 0;
          const what = e.kind === 'noop' ? 'no-op' : e.kind === 'config' ? 'config' : `w${String(e.value)}`;
          return (
            <span key={i} className="inspector-entry" style={{ borderColor: termColor(term) }}>
              <TermChip term={term} /> {what}
            </span>
          );
        })}
        {value.length > 12 ? <span className="inspector-muted"> … {value.length - 12} more</span> : null}
      </span>
    );
  }
  if (name === 'command' && value && typeof value === 'object') {
    const c = value as Record<string, unknown>;
    return `${String(c.type)}${'value' in c ? ` ${String(c.value)}` : ''}${'node' in c ? ` ${serverName(Number(c.node))}` : ''}`;
  }
  return undefined;
}

export const raftInspector: InspectorUi = {
  nodeHint: 'its role, term, log and timers, and buttons to crash it or time it out',
  Badge: RoleBadge,
  crashedNote: () => 'Its disk keeps its term, its vote and its log; everything else (role, commit index, timers) is lost. Restart it to see it recover.',
  sections: [
    { id: 'facts', Component: withView(NodeFacts) },
    { id: 'timers', Component: TimersSection },
    { id: 'votes', Component: withView(Votes) },
    { id: 'progress', Component: withView(Progress) },
    { id: 'entries', Component: withView(LastEntries) },
  ],
};
