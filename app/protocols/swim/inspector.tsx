import { formatDuration, serverName } from '../../lib/format';
import type { NodeState } from '../../store/types';
import { TimersSection } from '../../views/inspector/TimersSection';
import type { InspectorSectionProps, InspectorUi } from '../ui';
import { asSwimView, STATUS_MARK, STATUS_WORD, updateText } from './view';

/** A SWIM member in the inspector: its incarnation and health, its suspicions, its list, its rumours, its timers. */

function Badge({ node }: { node: NodeState }) {
  const view = asSwimView(node.view);
  if (!view) return null;
  return view.left ? (
    <span className="inspector-role swim-role--left">
      <span aria-hidden="true">↩</span> left, incarnation {view.incarnation}
    </span>
  ) : (
    <span className="inspector-role swim-role--alive">
      <span aria-hidden="true">✓</span> member, incarnation {view.incarnation}
    </span>
  );
}

function Facts({ node, now }: InspectorSectionProps) {
  const view = asSwimView(node.view);
  if (!view) return null;
  return (
    <dl className="inspector-facts">
      <dt>Incarnation</dt>
      <dd>{view.incarnation} (kept on disk; raised to refute a suspicion)</dd>
      <dt>Local health</dt>
      <dd>{view.awareness === 0 ? 'healthy (timeouts ×1)' : `timeouts ×${view.awareness + 1} (Lifeguard: it missed acks)`}</dd>
      <dt>Probing</dt>
      <dd>{view.probeTarget === null ? 'nobody right now' : serverName(view.probeTarget)}</dd>
      {view.suspicions.length > 0 && (
        <>
          <dt>Suspects</dt>
          <dd>
            {view.suspicions
              .map((s) => `${serverName(s.node)} for ${formatDuration(Math.max(0, now - s.startedUs))} (${s.confirmations} of ${s.expected} confirmations)`)
              .join('; ')}
          </dd>
        </>
      )}
      {view.joining && (
        <>
          <dt>Joining</dt>
          <dd>waiting for a push-pull reply</dd>
        </>
      )}
    </dl>
  );
}

function Members({ node }: InspectorSectionProps) {
  const view = asSwimView(node.view);
  if (!view) return null;
  return (
    <div className="inspector-section">
      <h4>Its membership list</h4>
      <table className="inspector-table">
        <thead>
          <tr>
            <th scope="col">Member</th>
            <th scope="col">Status</th>
            <th scope="col">Incarnation</th>
          </tr>
        </thead>
        <tbody>
          {view.members.map((m, id) => (
            <tr key={id}>
              <th scope="row">{serverName(id)}{id === node.id ? ' (itself)' : ''}</th>
              <td className={`swim-state swim-state--${m.status}`}>
                {STATUS_MARK[m.status]} {STATUS_WORD[m.status]}
              </td>
              <td>{m.status === 'unknown' ? '' : m.incarnation}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Rumours({ node }: InspectorSectionProps) {
  const view = asSwimView(node.view);
  if (!view || view.broadcasts.length === 0) return null;
  return (
    <div className="inspector-section">
      <h4>Rumours to pass on</h4>
      <ul className="swim-rumours">
        {view.broadcasts.map((b, i) => (
          <li key={i}>
            {updateText(b)}: sent {b.transmits} time{b.transmits === 1 ? '' : 's'}
          </li>
        ))}
      </ul>
    </div>
  );
}

export const swimInspector: InspectorUi = {
  nodeHint: 'its incarnation, its membership list and the rumours it passes on, its timers, and buttons to crash it or make it leave',
  Badge,
  crashedNote: () => 'Its disk keeps only its incarnation number; its membership list and rumours are lost. Restart it: it rejoins with a higher incarnation.',
  sections: [
    { id: 'facts', Component: Facts },
    { id: 'members', Component: Members },
    { id: 'rumours', Component: Rumours },
    { id: 'timers', Component: TimersSection },
  ],
};
