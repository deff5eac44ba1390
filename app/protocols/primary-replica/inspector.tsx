import { formatDuration } from '../../lib/format';
import { nodeName } from '../../store/store';
import type { NodeState } from '../../store/types';
import { TimersSection } from '../../views/inspector/TimersSection';
import type { InspectorSectionProps, InspectorUi } from '../ui';
import { asPrView, lagOf, lagWords } from './view';

/** A node of primary-replica in the inspector: role, epoch, lease, lag, the log's tail, timers. */

function Badge({ node }: { node: NodeState }) {
  const v = asPrView(node.view);
  if (!v) return null;
  const text =
    v.kind === 'server' ? `${v.role}, epoch ${v.epoch}` : v.kind === 'dcs' ? `lease store, epoch ${v.epoch}` : v.kind === 'consumer' ? `change consumer at ${v.position}` : `client, knows epoch ${v.epoch}`;
  return <span className="inspector-role">{text}</span>;
}

function Facts({ node, now, nodes }: InspectorSectionProps) {
  const v = asPrView(node.view);
  if (!v) return null;
  if (v.kind === 'dcs') {
    return (
      <dl className="inspector-facts">
        <dt>Lease</dt>
        <dd>{v.holder === null ? 'nobody holds it' : `${nodeName(v.holder)}, epoch ${v.epoch}`}</dd>
        <dt>Expires</dt>
        <dd>{v.expiresAtUs > now ? `in ${formatDuration(v.expiresAtUs - now)}` : `expired ${formatDuration(now - v.expiresAtUs)} ago`}</dd>
        <dt>Holder's log</dt>
        <dd>at {v.optime} at its last renewal</dd>
      </dl>
    );
  }
  if (v.kind === 'consumer') {
    return (
      <dl className="inspector-facts">
        <dt>Snapshot</dt>
        <dd>{v.snapshotAt === null ? 'not yet taken' : `of the log up to ${v.snapshotAt}`}</dd>
        <dt>Position</dt>
        <dd>
          {v.position} (epoch {v.epoch}); {v.read} changes read since the snapshot
        </dd>
        <dt>Reads from</dt>
        <dd>{nodeName(v.server)}</dd>
      </dl>
    );
  }
  if (v.kind === 'client') {
    return (
      <dl className="inspector-facts">
        <dt>Epoch known</dt>
        <dd>{v.epoch}</dd>
        <dt>Writes go to</dt>
        <dd>{v.primary === null ? 'the first server' : nodeName(v.primary)}</dd>
        <dt>Waiting</dt>
        <dd>{v.pending.length === 0 ? 'nothing' : v.pending.map((p) => `${p.command.type} ${p.command.key ?? ''} at ${nodeName(p.server)} (try ${p.attempt})`).join('; ')}</dd>
      </dl>
    );
  }
  return (
    <dl className="inspector-facts">
      <dt>Role</dt>
      <dd>
        {v.role}
        {v.candidate ? ' (running for primary)' : ''}
      </dd>
      <dt>Epoch</dt>
      <dd>{v.epoch} (durable; fencing {v.fencing ? 'on' : 'off'})</dd>
      <dt>Log</dt>
      <dd>
        ends at {v.last} (epoch {v.lastEpoch})
      </dd>
      {v.role === 'primary' ? (
        <>
          <dt>Replication</dt>
          <dd>
            {v.replication}
            {v.waiting.length ? `; ${v.waiting.length} writes wait for acknowledgements` : ''}
          </dd>
          <dt>Lease</dt>
          <dd>{v.leaseUntilUs === null ? 'unknown' : v.leaseUntilUs > now ? `${formatDuration(v.leaseUntilUs - now)} left` : 'expired'}</dd>
        </>
      ) : (
        <>
          <dt>Primary</dt>
          <dd>{v.primary === null ? 'unknown' : nodeName(v.primary)}</dd>
          <dt>Lag</dt>
          <dd>{lagWords(lagOf(node.id, nodes))}</dd>
        </>
      )}
      {v.demotedBecause && (
        <>
          <dt>Stepped down</dt>
          <dd>{v.demotedBecause}</dd>
        </>
      )}
    </dl>
  );
}

function Replicas({ node }: InspectorSectionProps) {
  const v = asPrView(node.view);
  if (v?.kind !== 'server' || v.role !== 'primary' || v.followers.length === 0) return null;
  return (
    <div className="inspector-section">
      <h4>Its replicas</h4>
      <table className="inspector-table">
        <thead>
          <tr>
            <th scope="col">Replica</th>
            <th scope="col">Holds up to</th>
            <th scope="col">Lag</th>
          </tr>
        </thead>
        <tbody>
          {v.followers.map((f) => (
            <tr key={f.node}>
              <th scope="row">{nodeName(f.node)}</th>
              <td>{f.match}</td>
              <td>{lagWords(f)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Tail({ node }: InspectorSectionProps) {
  const v = asPrView(node.view);
  if (v?.kind !== 'server' || v.tail.length === 0) return null;
  return (
    <div className="inspector-section">
      <h4>The end of its log</h4>
      <ol className="pr-tail">
        {v.tail.map((e) => (
          <li key={e.index} className={`pr-tail-e${e.epoch % 4}`}>
            {e.index}: {e.key} = {e.value} <small>e{e.epoch}</small>
          </li>
        ))}
      </ol>
    </div>
  );
}

export const prInspector: InspectorUi = {
  nodeHint: 'its role, epoch, log, lag and lease, and a button to promote a replica by hand',
  Badge,
  crashedNote: (name) => `${name} keeps its write-ahead log and its epoch on disk; it comes back as a replica.`,
  sections: [
    { id: 'facts', Component: Facts },
    { id: 'replicas', Component: Replicas },
    { id: 'tail', Component: Tail },
    { id: 'timers', Component: TimersSection },
  ],
};
