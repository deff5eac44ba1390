import { nodeName } from '../../store/store';
import type { NodeState } from '../../store/types';
import { TimersSection } from '../../views/inspector/TimersSection';
import type { InspectorSectionProps, InspectorUi } from '../ui';
import { asMultiPaxosView, ballotText, commandText } from './view';

/** A Multi-Paxos node in the inspector: a server's role, promise, log and store; a client's waits. */

function Badge({ node }: { node: NodeState }) {
  const view = asMultiPaxosView(node.view);
  if (!view) return null;
  return <span className="inspector-role">{view.kind === 'client' ? 'client' : view.role}</span>;
}

function Facts({ node }: InspectorSectionProps) {
  const view = asMultiPaxosView(node.view);
  if (!view) return null;
  if (view.kind === 'client') {
    return (
      <dl className="inspector-facts">
        <dt>Asks</dt>
        <dd>{view.preferred === null ? 'the first server' : nodeName(view.preferred)}</dd>
        <dt>Waiting on</dt>
        <dd>
          {view.pending.length === 0
            ? 'nothing'
            : view.pending.map((p) => `${p.command.type} ${p.command.key ?? 'x'} at ${nodeName(p.server)} (try ${p.attempt})`).join('; ')}
        </dd>
      </dl>
    );
  }
  return (
    <dl className="inspector-facts">
      <dt>Role</dt>
      <dd>
        {view.role}
        {view.role !== 'follower' ? `, ballot ${ballotText(view.ballot)}` : view.leader === null ? ', no leader known' : `, follows ${nodeName(view.leader)}`}
      </dd>
      <dt>Promised</dt>
      <dd>ballot {ballotText(view.promised)} (on disk)</dd>
      <dt>Chosen</dt>
      <dd>slots 0–{view.firstUnchosen - 1} applied (learned again from the leader after a restart)</dd>
      {view.role === 'leader' && (
        <>
          <dt>Next slot</dt>
          <dd>
            {view.nextSlot}, {view.waiting} request{view.waiting === 1 ? '' : 's'} waiting
          </dd>
        </>
      )}
      <dt>Store</dt>
      <dd>
        {Object.keys(view.kv).length === 0
          ? 'empty'
          : Object.entries(view.kv)
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([k, v]) => `${k}=${v}`)
              .join(', ')}
      </dd>
      <dt>Last slots</dt>
      <dd>
        {view.slots
          .slice(-6)
          .map((s) => `${s.slot}: ${commandText(s.value)} (${s.state})`)
          .join('; ') || 'none'}
      </dd>
    </dl>
  );
}

export const multiPaxosInspector: InspectorUi = {
  nodeHint: 'its role, promise, log slots and store, and buttons to crash it, start phase 1 or send a client request',
  Badge,
  crashedNote: () =>
    'Its disk keeps its promise, every slot it accepted and its ballot round; what it learned is volatile and comes back from the leader after a restart.',
  sections: [
    { id: 'facts', Component: Facts },
    { id: 'timers', Component: TimersSection },
  ],
};
