import { nodeName } from '../../store/store';
import type { NodeState } from '../../store/types';
import { TimersSection } from '../../views/inspector/TimersSection';
import type { InspectorSectionProps, InspectorUi } from '../ui';
import { asPbftView, digestText, PHASE_MARK, PHASE_WORD } from './view';

/** A PBFT node in the inspector: its view and role, watermarks and checkpoint, its log by phase, its store, its timers. */

function Badge({ node }: { node: NodeState }) {
  const v = asPbftView(node.view);
  if (!v) return null;
  if (v.role === 'client') {
    return (
      <span className="inspector-role pbft-role--client">
        <span aria-hidden="true">☎</span> client, believes view {v.view}
      </span>
    );
  }
  const primary = v.primary === node.id;
  return (
    <span className={`inspector-role ${primary ? 'pbft-role--primary' : 'pbft-role--backup'}`}>
      <span aria-hidden="true">{v.status === 'view-change' ? '⟳' : primary ? '★' : '◆'}</span>{' '}
      {v.status === 'view-change' ? `changing to view ${v.view}` : `${primary ? 'primary' : 'backup'} of view ${v.view}`}
    </span>
  );
}

function Facts({ node }: InspectorSectionProps) {
  const v = asPbftView(node.view);
  if (!v) return null;
  if (v.role === 'client') {
    return (
      <dl className="inspector-facts">
        <dt>Waiting for</dt>
        <dd>{v.pending ? `request ${v.pending.t} (${v.pending.op}): ${v.pending.replies} replies so far, f + 1 = ${v.f + 1} matching needed${v.pending.broadcast ? '; broadcast to every replica after its timeout' : ''}` : 'nothing'}</dd>
        <dt>Queued</dt>
        <dd>{v.queued} operation{v.queued === 1 ? '' : 's'} (one request at a time, §4.1)</dd>
        <dt>Latest view heard</dt>
        <dd>{v.view}</dd>
      </dl>
    );
  }
  return (
    <dl className="inspector-facts">
      <dt>View</dt>
      <dd>
        {v.view}, primary {nodeName(v.primary)}
        {v.status === 'view-change' ? ` (changing: ${v.viewChangesFor} view changes of 2f + 1 = ${2 * v.f + 1} heard)` : ''}
      </dd>
      <dt>Faults tolerated</dt>
      <dd>f = {v.f}</dd>
      <dt>Executed</dt>
      <dd>up to sequence number {v.lastExecuted}</dd>
      <dt>Watermarks</dt>
      <dd>
        h = {v.h} (last stable checkpoint, state {v.stableDigest}), H = {v.H}
      </dd>
      <dt>Requests waiting</dt>
      <dd>{v.pending}</dd>
      <dt>Store</dt>
      <dd>
        {Object.keys(v.kv).length === 0
          ? 'empty'
          : Object.entries(v.kv)
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([k, x]) => `${k}=${x}`)
              .join(', ')}
      </dd>
    </dl>
  );
}

function Log({ node }: InspectorSectionProps) {
  const v = asPbftView(node.view);
  if (!v || v.role !== 'replica' || v.slots.length === 0) return null;
  return (
    <div className="inspector-section">
      <h4>Its log between the watermarks</h4>
      <table className="inspector-table">
        <thead>
          <tr>
            <th scope="col">n</th>
            <th scope="col">Request</th>
            <th scope="col">View</th>
            <th scope="col">Phase</th>
          </tr>
        </thead>
        <tbody>
          {v.slots.map((s) => (
            <tr key={s.seq}>
              <th scope="row">{s.seq}</th>
              <td>{digestText(s.digest)}</td>
              <td>{s.view}</td>
              <td className={`pbft-phase pbft-phase--${s.phase}`}>
                {PHASE_MARK[s.phase]} {PHASE_WORD[s.phase]}
                {s.seq <= v.lastExecuted ? ', executed' : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export const pbftInspector: InspectorUi = {
  nodeHint: 'its view and role, its watermarks and checkpoint, its log by phase, its timers, and buttons to crash it or make it byzantine',
  Badge,
  crashedNote: () => 'Its disk keeps its view, its log, its checkpoints and its state, so after a restart it never says anything it did not say before.',
  sections: [
    { id: 'facts', Component: Facts },
    { id: 'log', Component: Log },
    { id: 'timers', Component: TimersSection },
  ],
};
