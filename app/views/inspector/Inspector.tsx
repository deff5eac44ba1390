import { useShallow } from 'zustand/react/shallow';
import { useMemo, type ReactNode } from 'react';
import { commands } from '../../session/commands';
import { select } from '../../session/selection';
import { useSim } from '../../store/store';
import type { InFlightMessage, NodeState } from '../../store/types';
import { messageStyle, termColor, termInk } from '../../protocols/raft/colors';
import { dropReasonText, formatDuration, formatSeconds, serverName } from '../../lib/format';
import { useSampled } from '../../lib/sampling';
import { asRaftView, roleLabel, type RaftRole, type RaftView, type RaftViewEntry } from '../../protocols/raft/view';
import { findMessage, linkDirection, type FoundMessage } from './lookup';
import './Inspector.css';

/**
 * What is selected, in full: a server's whole state and its actions, a message's payload and
 * fate, or a link's state with buttons to cut and restore it. With nothing selected, a hint.
 *
 * Contract: reads `selection` (at once) and `nodes`, `now`, `inFlight`, `trace`, `links`
 * (sampled at 10 Hz); acts only through `commands.*` and `select(...)`. Fills its parent's box
 * and scrolls inside it.
 */

const ROLE_GLYPH: Record<RaftRole, string> = { leader: '★', candidate: '◆', precandidate: '◇', follower: '○' };

export function Inspector() {
  const selection = useSim((s) => s.selection);
  let body: ReactNode;
  if (!selection) body = <Hint />;
  else if (selection.kind === 'node') body = <NodePanel id={selection.id} />;
  else if (selection.kind === 'message') body = <MessagePanel messageKey={selection.key} />;
  else body = <LinkPanel from={selection.from} to={selection.to} />;
  return (
    <section className="panel-view inspector" aria-label="Inspector">
      <header className="inspector-header">
        <h2 className="panel-title inspector-title">Inspector</h2>
        {selection ? (
          <button type="button" className="inspector-clear" onClick={() => select(null)}>
            Clear <span aria-hidden="true">✕</span>
          </button>
        ) : null}
      </header>
      {/* A tab stop of its own: a long body scrolls, and keyboards must reach it. */}
      <div className="inspector-body" tabIndex={0}>
        {body}
      </div>
    </section>
  );
}

function Hint() {
  return (
    <div className="inspector-hint">
      <p>Click something to look inside it:</p>
      <ul>
        <li>
          a <strong>server</strong>: its role, term, log and timers, and buttons to crash it or time it out;
        </li>
        <li>
          a <strong>message</strong>: what it carries and when it arrives;
        </li>
        <li>
          a <strong>link</strong> between two servers: cut it one way or both.
        </li>
      </ul>
    </div>
  );
}

/* ------------------------------------------------------------------ server */

function NodePanel({ id }: { id: number }) {
  const node = useSampled((s) => s.nodes.find((n) => n.id === id) ?? null, 100);
  const now = useSampled((s) => s.now, 100);
  const downKey = useSampled((s) => s.nodes.filter((n) => !n.up).map((n) => n.id).join(','), 100);
  const downIds = useMemo(() => (downKey ? downKey.split(',').map(Number) : []), [downKey]);
  if (!node) return <p className="inspector-note">{serverName(id)} is not part of this cluster.</p>;
  const view = node.up ? asRaftView(node.view) : null;
  return (
    <div className="inspector-node">
      <div className="inspector-heading">
        <h3 className="inspector-name">{node.name}</h3>
        <RoleBadge node={node} view={view} />
        {node.incarnation > 0 ? <span className="inspector-muted">incarnation {node.incarnation}</span> : null}
      </div>
      <NodeActions node={node} />
      <NodeLinks node={node} />
      {!node.up ? (
        <p className="inspector-note">
          {node.name} is crashed. Its disk keeps its term, its vote and its log; everything else (role, commit index, timers) is
          lost. Restart it to see it recover.
        </p>
      ) : view ? (
        <>
          <NodeFacts view={view} />
          <Timers node={node} now={now} />
          {view.votes ? <Votes view={view} /> : null}
          {view.role === 'leader' && view.nextIndex && view.matchIndex ? <Progress id={id} view={view} down={downIds} /> : null}
          <LastEntries view={view} />
        </>
      ) : (
        <p className="inspector-note">This server's state cannot be shown (not a Raft view).</p>
      )}
    </div>
  );
}

function RoleBadge({ node, view }: { node: NodeState; view: RaftView | null }) {
  if (!node.up) {
    return (
      <span className="inspector-role inspector-role--down">
        <span aria-hidden="true">✕</span> crashed
      </span>
    );
  }
  if (!view) return null;
  return (
    <span className={`inspector-role inspector-role--${view.role}`}>
      <span aria-hidden="true">{ROLE_GLYPH[view.role]}</span> {roleLabel(view.role)}
    </span>
  );
}

function NodeActions({ node }: { node: NodeState }) {
  const id = node.id;
  return (
    <div className="inspector-actions" role="group" aria-label={`Actions on ${node.name}`}>
      {node.up ? (
        <button type="button" className="inspector-button inspector-button--danger" onClick={() => commands.crash(id)}>
          Crash
        </button>
      ) : (
        <button type="button" className="inspector-button inspector-button--primary" onClick={() => commands.restart(id)}>
          Restart
        </button>
      )}
      <button type="button" className="inspector-button" disabled={!node.up} onClick={() => commands.forceTimeout(id)}>
        Time out now
      </button>
      <button type="button" className="inspector-button" disabled={!node.up} onClick={() => commands.clientWrite(id)}>
        Client write
      </button>
      <button type="button" className="inspector-button" disabled={!node.up} onClick={() => commands.clientRead(id)}>
        Client read
      </button>
      <button type="button" className="inspector-button" onClick={() => commands.removeServer(id)}>
        Remove from cluster
      </button>
    </div>
  );
}

/**
 * The links of the selected server, one button each: the keyboard's way to a link (the
 * cluster's edges are pointer targets only; with 15 servers there would be 105 tab stops).
 */
function NodeLinks({ node }: { node: NodeState }) {
  const peers = useSim(useShallow((s) => s.nodes.filter((n) => n.id !== node.id).map((n) => n.id)));
  if (peers.length === 0) return null;
  return (
    <div className="inspector-actions" role="group" aria-label={`Links of ${node.name}`}>
      {peers.map((peer) => (
        <button
          key={peer}
          type="button"
          className="inspector-link"
          onClick={() => select({ kind: 'link', from: node.id, to: peer })}
        >
          {/* The name is the visible text with its purpose in front (WCAG 2.5.3: say what you see). */}
          <span className="visually-hidden">Inspect the link </span>
          {node.name}–{serverName(peer)}
        </button>
      ))}
    </div>
  );
}

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
      <dt>Applied value</dt>
      <dd>{view.appliedValue ?? <span className="inspector-muted">none yet</span>}</dd>
      <dt>Members</dt>
      <dd>{view.members.length > 0 ? view.members.map(serverName).join(', ') : <span className="inspector-muted">none</span>}</dd>
    </dl>
  );
}

function Timers({ node, now }: { node: NodeState; now: number }) {
  const timers = [...node.timers].sort((a, b) => a.dueAt - b.dueAt);
  return (
    <div className="inspector-section">
      <h4>Timers</h4>
      {timers.length === 0 ? (
        <p className="inspector-muted">No timer running.</p>
      ) : (
        <ul className="inspector-timers">
          {timers.map((t) => {
            const left = Math.max(0, t.dueAt - now);
            const total = Math.max(1, t.dueAt - t.setAt);
            return (
              <li key={t.id}>
                <span className="inspector-timer-name">{t.name}</span>
                <span className="inspector-timer-left">fires in {formatDuration(left)}</span>
                <span className="inspector-bar" role="meter" aria-label={`${t.name} timer time left`} aria-valuemin={0} aria-valuemax={total} aria-valuenow={left}>
                  <span style={{ width: `${Math.min(100, (100 * left) / total)}%` }} />
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}

function Votes({ view }: { view: RaftView }) {
  const votes = view.votes ?? [];
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

function Progress({ id, view, down }: { id: number; view: RaftView; down: readonly number[] }) {
  const peers = view.members.filter((p) => p !== id);
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

function TermChip({ term }: { term: number }) {
  return (
    <span className="inspector-term" style={{ background: termColor(term), color: termInk(term) }}>
      {term}
    </span>
  );
}

/* ----------------------------------------------------------------- message */

function MessagePanel({ messageKey }: { messageKey: string }) {
  const inFlight = useSampled((s) => s.inFlight, 100);
  const trace = useSampled((s) => s.trace, 250);
  const now = useSampled((s) => s.now, 100);
  const found = useMemo(() => findMessage(messageKey, inFlight, trace, now), [messageKey, inFlight, trace, now]);
  if (!found) {
    return <p className="inspector-note">This message is no longer in the recorded trace.</p>;
  }
  return <MessageDetails found={found} now={now} />;
}

function MessageDetails({ found, now }: { found: FoundMessage; now: number }) {
  const style = messageStyle(found.type, found.msg);
  const status =
    found.status === 'future'
      ? `not sent yet: it will be at ${formatSeconds(found.sentAt)}`
      : found.status === 'flight'
      ? `in flight, arrives in ${formatDuration(Math.max(0, found.dueAt - now))}`
      : found.status === 'delivered'
        ? `delivered at ${formatSeconds(found.endAt ?? found.dueAt)}`
        : `lost at ${formatSeconds(found.endAt ?? found.sentAt)} (${dropReasonText(found.reason)})`;
  return (
    <div className="inspector-message">
      <div className="inspector-heading">
        <svg width="40" height="14" viewBox="0 0 40 14" aria-hidden="true">
          <line x1="2" y1="7" x2="38" y2="7" stroke={style.color} strokeWidth={Math.max(2.5, style.width)} strokeDasharray={style.dash || undefined} strokeLinecap="round" />
        </svg>
        <h3 className="inspector-name">{found.type}</h3>
        {style.family === 'heartbeat' ? <span className="inspector-muted">(heartbeat: no entries)</span> : null}
      </div>
      <p className="inspector-route">
        <button type="button" className="inspector-link" onClick={() => select({ kind: 'node', id: found.from })}>
          {serverName(found.from)}
        </button>
        <span aria-label="to"> → </span>
        <button type="button" className="inspector-link" onClick={() => select({ kind: 'node', id: found.to })}>
          {serverName(found.to)}
        </button>
        <button type="button" className="inspector-link inspector-link--quiet" onClick={() => select({ kind: 'link', from: found.from, to: found.to })}>
          this link
        </button>
      </p>
      <dl className="inspector-facts">
        <dt>Status</dt>
        <dd className={`inspector-status inspector-status--${found.status}`}>{status}</dd>
        <dt>Sent at</dt>
        <dd>{formatSeconds(found.sentAt)}</dd>
        <dt>Due at</dt>
        <dd>{found.dueAt > found.sentAt ? `${formatSeconds(found.dueAt)} (latency ${formatDuration(found.dueAt - found.sentAt)})` : 'never sent (refused at once)'}</dd>
      </dl>
      {found.status === 'flight' ? (
        <div className="inspector-actions">
          <button type="button" className="inspector-button inspector-button--danger" onClick={() => commands.dropMessage(found.key)}>
            Drop this message
          </button>
        </div>
      ) : null}
      <div className="inspector-section">
        <h4>Payload</h4>
        <Payload msg={found.msg} />
      </div>
    </div>
  );
}

const FIELD_LABELS: Record<string, string> = {
  term: 'Term',
  lastLogIndex: 'Last log index',
  lastLogTerm: 'Last log term',
  granted: 'Granted',
  prevLogIndex: 'Prev log index',
  prevLogTerm: 'Prev log term',
  leaderCommit: 'Leader commit',
  round: 'Heartbeat round',
  success: 'Success',
  matchIndex: 'Match index',
  rejectedIndex: 'Rejected index',
  hintIndex: 'Hint index',
  hintTerm: 'Hint term',
  opId: 'Operation id',
  entries: 'Entries',
  command: 'Command',
};

function Payload({ msg }: { msg: Record<string, unknown> | null }) {
  if (!msg) return <p className="inspector-muted">Unknown (the send fell off the recorded trace).</p>;
  const fields = Object.entries(msg).filter(([k]) => k !== 'type');
  return (
    <dl className="inspector-facts">
      {fields.map(([k, v]) => (
        <PayloadField key={k} name={k} value={v} />
      ))}
    </dl>
  );
}

function PayloadField({ name, value }: { name: string; value: unknown }) {
  let shown: ReactNode;
  if (name === 'entries' && Array.isArray(value)) {
    shown =
      value.length === 0 ? (
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
  } else if (typeof value === 'boolean') {
    shown = value ? 'yes ✓' : 'no ✕';
  } else if (name === 'command' && value && typeof value === 'object') {
    const c = value as Record<string, unknown>;
    shown = `${String(c.type)}${'value' in c ? ` ${String(c.value)}` : ''}${'node' in c ? ` ${serverName(Number(c.node))}` : ''}`;
  } else if (typeof value === 'number' || typeof value === 'string') {
    shown = String(value);
  } else {
    shown = JSON.stringify(value);
  }
  return (
    <>
      <dt>{FIELD_LABELS[name] ?? name}</dt>
      <dd>{shown}</dd>
    </>
  );
}

/* -------------------------------------------------------------------- link */

function LinkPanel({ from, to }: { from: number; to: number }) {
  const links = useSampled((s) => s.links, 100);
  const inFlight = useSampled((s) => s.inFlight, 100);
  const a = serverName(from);
  const b = serverName(to);
  const forward = linkDirection(links, from, to);
  const backward = linkDirection(links, to, from);
  const count = (x: number, y: number) => inFlight.filter((m: InFlightMessage) => m.from === x && m.to === y).length;
  const partitioned = forward === 'partitioned' || backward === 'partitioned';
  return (
    <div className="inspector-link-panel">
      <div className="inspector-heading">
        <h3 className="inspector-name">
          Link {a} ↔ {b}
        </h3>
      </div>
      <table className="inspector-table">
        <thead>
          <tr>
            <th scope="col">Direction</th>
            <th scope="col">State</th>
            <th scope="col">In flight</th>
          </tr>
        </thead>
        <tbody>
          <DirectionRow label={`${a} → ${b}`} state={forward} count={count(from, to)} />
          <DirectionRow label={`${b} → ${a}`} state={backward} count={count(to, from)} />
        </tbody>
      </table>
      <div className="inspector-actions" role="group" aria-label="Cut or restore this link">
        <button type="button" className="inspector-button" disabled={forward !== 'up'} onClick={() => commands.cutLink(from, to, true)}>
          Cut {a} ⇸ {b} only
        </button>
        <button type="button" className="inspector-button inspector-button--danger" disabled={forward !== 'up' && backward !== 'up'} onClick={() => commands.cutLink(from, to, false)}>
          Cut both ways
        </button>
        <button type="button" className="inspector-button" disabled={forward !== 'cut'} onClick={() => commands.restoreLink(from, to, true)}>
          Restore {a} → {b}
        </button>
        <button type="button" className="inspector-button inspector-button--primary" disabled={forward !== 'cut' && backward !== 'cut'} onClick={() => commands.restoreLink(from, to, false)}>
          Restore both ways
        </button>
      </div>
      {partitioned ? (
        <p className="inspector-note">
          A partition separates {a} and {b}.{' '}
          <button type="button" className="inspector-link" onClick={() => commands.heal()}>
            Heal the network
          </button>{' '}
          to join them again.
        </p>
      ) : null}
      <p className="inspector-muted">A cut link loses every message sent over it, including those already on their way.</p>
    </div>
  );
}

function DirectionRow({ label, state, count }: { label: string; state: ReturnType<typeof linkDirection>; count: number }) {
  const text = state === 'up' ? '✓ working' : state === 'cut' ? '✂ cut' : '✂ partitioned';
  return (
    <tr>
      <th scope="row">{label}</th>
      <td className={`inspector-linkstate inspector-linkstate--${state}`}>{text}</td>
      <td>{count}</td>
    </tr>
  );
}
