import { formatDuration, formatSeconds } from '../../lib/format';
import { useSampled } from '../../lib/sampling';
import { select } from '../../session/selection';
import { nodeName, useSim } from '../../store/store';
import type { NodeState } from '../../store/types';
import { asLocksView, clientTruth, isClient, isServer, isStorage, liveHolder, PHASE_WORD } from './view';

/**
 * The lock at a glance: each lock server's holder with a bar of the lease's remaining time;
 * each client's belief beside the truth of its lease arithmetic (the two part while a holder is
 * paused); the storage's highest token and its last writes, accepted or refused. When the monitor
 * finds two holders writing over each other, they are named at the top.
 */
export function LocksPanel() {
  const nodes = useSampled((s) => s.nodes, 100);
  const now = useSampled((s) => s.now, 100);
  const violation = useSim((s) => s.violation);
  const views = nodes.map((n) => ({ node: n, view: asLocksView(n.view) }));
  const servers = views.filter((v) => isServer(v.view) || (!v.node.up && v.node.name.startsWith('L')));
  const clients = views.filter((v) => isClient(v.view));
  const storage = views.find((v) => isStorage(v.view));
  const believers = clients.filter((c) => isClient(c.view) && clientTruth(c.view, now).believes);
  return (
    <section className="panel-view lk-panel" aria-label="Lock">
      <h2 className="panel-title">Lock</h2>
      <div className="lk-scroll" tabIndex={0} role="region" aria-label="Lock servers, clients and storage, scrolls">
        {violation && (
          <p className="lk-alarm" role="alert">
            <strong>⚠ {violation.invariant}.</strong> {violation.message}
          </p>
        )}
        {believers.length > 1 && (
          <p className="lk-alarm">
            <strong>⚠ {believers.map((b) => b.node.name).join(' and ')} {believers.length === 2 ? 'both' : 'all'} believe they hold the lock;</strong>{' '}
            {validNames(believers, now)}
          </p>
        )}
        <table className="lk-table">
          <caption>Lock servers</caption>
          <tbody>
            {servers.map(({ node, view }) => (
              <ServerRow key={node.id} node={node} now={now} view={isServer(view) ? view : null} />
            ))}
          </tbody>
        </table>
        <table className="lk-table">
          <caption>Clients: believes it holds / actually valid</caption>
          <tbody>
            {clients.map(({ node, view }) => {
              if (!isClient(view)) return null;
              const { believes, valid } = clientTruth(view, now);
              return (
                <tr key={node.id} className={believes && !valid ? 'lk-row-warn' : undefined}>
                  <th scope="row">
                    <NodeButton node={node} />
                  </th>
                  <td>{believes ? `◆ believes it holds, token ${view.token ?? '?'}` : PHASE_WORD[view.phase]}{node.paused ? ' (paused)' : ''}</td>
                  <td>{!believes ? '' : valid ? `✓ valid for ${formatDuration(view.validUntilUs! - now)}` : `✕ expired at ${formatSeconds(view.validUntilUs ?? 0)}`}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {storage && isStorage(storage.view) && (
          <div className="lk-storage">
            <p>
              <NodeButton node={storage.node} /> fencing {storage.view.fencing ? 'on' : 'off'}; highest token <strong>{storage.view.highest}</strong>; {storage.view.accepted} accepted, {storage.view.refused} refused
            </p>
            <ol className="lk-writes" aria-label="Last writes at the storage">
              {[...storage.view.recent].reverse().map((w, i) => (
                <li key={`${w.atUs}-${i}`} className={w.ok ? 'lk-write-ok' : 'lk-write-refused'}>
                  {w.ok ? '✓' : '✕'} {nodeName(w.client)} token {w.token} at {formatSeconds(w.atUs)} {w.ok ? 'accepted' : 'refused'}
                </li>
              ))}
            </ol>
          </div>
        )}
      </div>
    </section>
  );
}

function validNames(believers: { node: NodeState; view: ReturnType<typeof asLocksView> }[], now: number): string {
  const valid = believers.filter((b) => isClient(b.view) && clientTruth(b.view, now).valid).map((b) => b.node.name);
  return valid.length === 0 ? 'none of their leases is valid.' : valid.length === 1 ? `only ${valid[0]}'s lease is valid.` : `${valid.join(' and ')} have valid leases at once!`;
}

function NodeButton({ node }: { node: NodeState }) {
  return (
    <button type="button" className="lk-node" onClick={() => select({ kind: 'node', id: node.id })} title={`Select ${node.name}`}>
      {node.name}
    </button>
  );
}

function ServerRow({ node, view, now }: { node: NodeState; view: ReturnType<typeof asLocksView> & { role: string } | null; now: number }) {
  const live = view && isServer(view) ? liveHolder(view, now) : null;
  const share = live && view && isServer(view) ? Math.min(1, live.remainingUs / Math.max(1, view.ttlUs)) : 0;
  return (
    <tr>
      <th scope="row">
        <NodeButton node={node} />
      </th>
      <td>{!node.up ? 'crashed' : !view ? 'starting' : live ? `→ ${nodeName(live.holder)}, ${formatDuration(live.remainingUs)} left` : 'free'}{view && view.role !== 'redlock' ? ` (${view.role})` : ''}</td>
      <td className="lk-bar-cell">
        <div className="lk-lease-bar lk-lease-bar--wide" role="img" aria-label={live ? `lease ${Math.round(share * 100)}% left` : 'no lease'}>
          <div className="lk-lease-fill" style={{ width: `${Math.round(share * 100)}%` }} />
        </div>
      </td>
    </tr>
  );
}
