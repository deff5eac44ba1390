import { nodeName } from '../../store/store';
import type { NodeState } from '../../store/types';
import { TimersSection } from '../../views/inspector/TimersSection';
import type { InspectorSectionProps, InspectorUi } from '../ui';
import { asBalancerSystemView, latencyText } from './view';

/** A node of the balancer system in the inspector: a server's queue, a balancer's counts per server, a client's balancer. */
function Badge({ node }: { node: NodeState }) {
  const v = asBalancerSystemView(node.view);
  if (!v) return null;
  const text = v.role === 'server' ? (v.slowFactor > 1 ? `server, slow ×${v.slowFactor}` : 'server') : v.role === 'balancer' ? `balancer, ${v.algorithmTitle}` : 'client';
  return (
    <span className="inspector-role">
      <span aria-hidden="true">{v.role === 'server' ? (v.slowFactor > 1 ? '◷' : '▤') : v.role === 'balancer' ? '⚖' : '☺'}</span> {text}
    </span>
  );
}

function Facts({ node }: InspectorSectionProps) {
  const v = asBalancerSystemView(node.view);
  if (!v) return null;
  if (v.role === 'server') {
    return (
      <dl className="inspector-facts">
        <dt>Queue</dt>
        <dd>
          {v.queue} waiting{v.queueLimit > 0 ? ` (bound ${v.queueLimit}: past it, it sheds)` : ' (no bound)'}
        </dd>
        <dt>In service</dt>
        <dd>
          {v.busy} of {v.workers} worker{v.workers === 1 ? '' : 's'}
        </dd>
        <dt>Speed</dt>
        <dd>{v.slowFactor > 1 ? `${v.slowFactor} times slower than normal` : 'normal'}</dd>
        <dt>p99 with it</dt>
        <dd>{v.p99Us === null ? 'no request served yet' : `${latencyText(v.p99Us)} (last 50 requests, arrival to reply)`}</dd>
        <dt>Served, shed</dt>
        <dd>
          {v.served} served, {v.shed} shed
        </dd>
      </dl>
    );
  }
  if (v.role === 'client') {
    return (
      <dl className="inspector-facts">
        <dt>Sends to</dt>
        <dd>{v.balancer === null ? 'no balancer' : nodeName(v.balancer)} (one try per request)</dd>
        <dt>Waiting</dt>
        <dd>{v.pending} request(s)</dd>
        <dt>Extra load</dt>
        <dd>{v.extraPerSecond > 0 ? `${v.extraPerSecond} a second (${v.extraAnswered} of ${v.extraSent} answered)` : 'none'}</dd>
      </dl>
    );
  }
  const servers = Object.keys({ ...v.outstanding, ...v.routed }).map(Number).sort((a, b) => a - b);
  return (
    <>
      <dl className="inspector-facts">
        <dt>Algorithm</dt>
        <dd>{v.algorithmTitle}</dd>
        <dt>p99 (last 2 s)</dt>
        <dd>{latencyText(v.recentP99Us)}</dd>
        <dt>Requests</dt>
        <dd>
          {v.totals.requests}: {v.totals.ok} answered, {v.totals.timeouts} timed out, {v.totals.shed} shed, {v.totals.noServer} with no server
        </dd>
      </dl>
      <div className="inspector-section">
        <h4>What it knows of each server</h4>
        <table className="inspector-table">
          <thead>
            <tr>
              <th scope="col">Server</th>
              <th scope="col">In flight</th>
              <th scope="col">Sent</th>
              <th scope="col">Peak EWMA</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {servers.map((s) => (
              <tr key={s}>
                <th scope="row">{nodeName(s)}</th>
                <td>{v.outstanding[s] ?? 0}</td>
                <td>{v.routed[s] ?? 0}</td>
                <td>{v.ewmaUs[s] === undefined ? '–' : latencyText(v.ewmaUs[s]!)}</td>
                <td>{v.ejected.includes(s) ? '⊘ ejected' : 'in use'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

export const balancerInspector: InspectorUi = {
  nodeHint: "a server's queue and speed, a balancer's algorithm and what it knows of each server, a client's balancer, and buttons to slow a server or add load",
  Badge,
  crashedNote: () => 'It keeps nothing but a balancer\'s boot count: a server\'s queue and a balancer\'s counts are lost. Requests on their way to it are lost too.',
  sections: [
    { id: 'facts', Component: Facts },
    { id: 'timers', Component: TimersSection },
  ],
};
