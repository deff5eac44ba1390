import { formatDuration, serverName } from '../../lib/format';
import type { NodeState } from '../../store/types';
import { TimersSection } from '../../views/inspector/TimersSection';
import type { InspectorSectionProps, InspectorUi } from '../ui';
import { asPingView, hearing, peersOf, type PeerState } from './view';

/** A ping node in the inspector: how it sees the mesh, peer by peer, and its ping timer. */

function Badge({ node }: { node: NodeState }) {
  const view = asPingView(node.view);
  if (!view) return null;
  const h = hearing(view, node.id);
  return h.suspects.length > 0 ? (
    <span className="inspector-role ping-role--suspecting">
      <span aria-hidden="true">⚠</span> suspects {h.suspects.map(serverName).join(', ')}
    </span>
  ) : (
    <span className="inspector-role ping-role--alive">
      <span aria-hidden="true">♥</span> alive
    </span>
  );
}

function Facts({ node }: InspectorSectionProps) {
  const view = asPingView(node.view);
  if (!view) return null;
  const h = hearing(view, node.id);
  return (
    <dl className="inspector-facts">
      <dt>Hears</dt>
      <dd>
        {h.hears} of {h.of} peers
      </dd>
      <dt>Boots</dt>
      <dd>{view.boots} (kept on disk)</dd>
      <dt>Pongs heard</dt>
      <dd>{view.pongs} since it booted</dd>
    </dl>
  );
}

const STATE_TEXT: Record<PeerState, string> = { hears: '✓ hears it', suspects: '✕ suspects it', waiting: '… not heard yet' };

function Peers({ node, now }: InspectorSectionProps) {
  const view = asPingView(node.view);
  if (!view) return null;
  return (
    <div className="inspector-section">
      <h4>Peers (its view)</h4>
      <table className="inspector-table">
        <thead>
          <tr>
            <th scope="col">Peer</th>
            <th scope="col">Last heard</th>
            <th scope="col">State</th>
          </tr>
        </thead>
        <tbody>
          {peersOf(view, node.id).map(({ peer, state }) => {
            const heard = view.lastHeardUs[peer] ?? null;
            return (
              <tr key={peer}>
                <th scope="row">{serverName(peer)}</th>
                <td>{heard === null ? <span className="inspector-muted">never</span> : `${formatDuration(Math.max(0, now - heard))} ago`}</td>
                <td className={`ping-state ping-state--${state}`}>{STATE_TEXT[state]}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

export const pingInspector: InspectorUi = {
  nodeHint: 'whom it hears and whom it suspects, its ping timer, and buttons to crash it or send it an echo',
  Badge,
  crashedNote: () => 'Its disk keeps only its boot count; whom it heard from and whom it suspects are lost. Restart it to see it boot again.',
  sections: [
    { id: 'facts', Component: Facts },
    { id: 'peers', Component: Peers },
    { id: 'timers', Component: TimersSection },
  ],
};
