import { serverName } from '../../lib/format';
import type { NodeState } from '../../store/types';
import { TimersSection } from '../../views/inspector/TimersSection';
import type { InspectorSectionProps, InspectorUi } from '../ui';
import { holdingText } from './node';
import { bytesText } from './observations';
import { asRingView, keyLabel, roleOf } from './view';

/** A ring node in the inspector: its standing, what it holds, what it is moving, and its view of the membership. */

const ROLE = { member: '◉ member', spare: '○ spare', left: '⊘ left the ring', moving: '⇄ moving keys' } as const;

function Badge({ node }: { node: NodeState }) {
  const view = asRingView(node.view);
  if (!view) return null;
  const role = roleOf(view, node.id);
  return <span className={`inspector-role ring-role--${role}`}>{ROLE[role]}</span>;
}

function Facts({ node }: InspectorSectionProps) {
  const view = asRingView(node.view);
  if (!view) return null;
  return (
    <dl className="inspector-facts">
      <dt>Holds</dt>
      <dd>{holdingText(view, node.id)}</dd>
      <dt>Placement</dt>
      <dd>
        {view.scheme}
        {view.scheme === 'ring' || view.scheme === 'bounded' ? `, ${view.vnodes} virtual nodes` : ''}
        {view.scheme === 'bounded' ? `, c = ${view.loadFactor}` : ''}
      </dd>
      <dt>Members (its view)</dt>
      <dd>{view.members.map(serverName).join(', ') || 'none'}</dd>
      <dt>To hand off</dt>
      <dd>{view.toMove} keys</dd>
      <dt>Moved</dt>
      <dd>
        sent {view.keysSent} keys ({bytesText(view.bytesSent)}), received {view.keysReceived} ({bytesText(view.bytesReceived)})
      </dd>
      <dt>Waiting requests</dt>
      <dd>{view.parked}</dd>
    </dl>
  );
}

function Chunks({ node }: InspectorSectionProps) {
  const view = asRingView(node.view);
  if (!view || view.outgoing.length === 0) return null;
  return (
    <div className="inspector-section">
      <h4>Chunks on their way</h4>
      <ul className="ring-chunks">
        {view.outgoing.map((c) => (
          <li key={`${c.to}-${c.seq}`}>
            #{c.seq} to {serverName(c.to)}: {c.keys.map(keyLabel).join(', ')} ({bytesText(c.bytes)}), frozen until acknowledged
          </li>
        ))}
      </ul>
    </div>
  );
}

export const ringInspector: InspectorUi = {
  nodeHint: 'the keys it holds, the chunks it is moving, its view of the membership, and buttons to join, leave, put or get',
  Badge,
  crashedNote: () =>
    'Its disk keeps its keys, the membership table, forwarding pointers and the chunks it was sending; requests for its keys wait or fail until it restarts.',
  sections: [
    { id: 'facts', Component: Facts },
    { id: 'chunks', Component: Chunks },
    { id: 'timers', Component: TimersSection },
  ],
};
