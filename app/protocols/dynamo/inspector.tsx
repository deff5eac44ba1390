import { serverName } from '../../lib/format';
import type { NodeState } from '../../store/types';
import { TimersSection } from '../../views/inspector/TimersSection';
import type { InspectorSectionProps, InspectorUi } from '../ui';
import { asDynamoView, formatClock, keysOf, progressText, type VersionView } from './view';

/** A dynamo node in the inspector: what it holds (versions and their vector clocks), its hints, its operations. */

function Badge({ node }: { node: NodeState }) {
  const view = asDynamoView(node.view);
  if (!view) return null;
  return (
    <span className="inspector-role dynamo-role">
      <span aria-hidden="true">●</span> replica, N={view.n} R={view.r} W={view.w}
    </span>
  );
}

function Facts({ node }: InspectorSectionProps) {
  const view = asDynamoView(node.view);
  if (!view) return null;
  const suspects = view.suspected.map((s, i) => (s ? serverName(i) : '')).filter(Boolean);
  return (
    <dl className="inspector-facts">
      <dt>Keys</dt>
      <dd>{keysOf(view).length}</dd>
      <dt>Hinted replicas</dt>
      <dd>{view.hintCount}</dd>
      <dt>Suspects</dt>
      <dd>{suspects.length > 0 ? suspects.join(', ') : 'no one'}</dd>
      <dt>Settings</dt>
      <dd>
        sloppy quorum {view.sloppy ? 'on' : 'off'}, read repair {view.readRepair ? 'on' : 'off'}, {view.vnodes} virtual nodes
      </dd>
    </dl>
  );
}

function VersionList({ versions }: { versions: VersionView[] }) {
  return (
    <ul className="dynamo-versions">
      {versions.map((v) => (
        <li key={v.dot}>
          <strong>{v.value || '(empty)'}</strong> <span className="dynamo-dot">{v.dot}</span>{' '}
          <code className="dynamo-clock" title="vector clock">[{formatClock(v.clock)}]</code>
        </li>
      ))}
    </ul>
  );
}

function Keys({ node }: InspectorSectionProps) {
  const view = asDynamoView(node.view);
  if (!view) return null;
  const keys = keysOf(view);
  return (
    <div className="inspector-section">
      <h4>Keys and versions (with vector clocks)</h4>
      {keys.length === 0 ? (
        <p className="inspector-muted">Holds no key yet.</p>
      ) : (
        <table className="inspector-table dynamo-keys">
          <thead>
            <tr>
              <th scope="col">Key</th>
              <th scope="col">Versions</th>
            </tr>
          </thead>
          <tbody>
            {keys.map((key) => {
              const own = view.replicas[key] ?? [];
              const hinted = Object.entries(view.hints[key] ?? {});
              return (
                <tr key={key}>
                  <th scope="row">
                    {key}
                    {own.length > 1 && <span className="dynamo-siblings"> ≠ {own.length} siblings</span>}
                  </th>
                  <td>
                    {own.length > 0 && <VersionList versions={own} />}
                    {hinted.map(([intended, versions]) => (
                      <div key={intended} className="dynamo-hinted">
                        <span className="dynamo-hint-tag">hinted for {serverName(Number(intended))}</span>
                        <VersionList versions={versions} />
                      </div>
                    ))}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </div>
  );
}

function Operations({ node }: InspectorSectionProps) {
  const view = asDynamoView(node.view);
  if (!view || view.ops.length === 0) return null;
  return (
    <div className="inspector-section">
      <h4>Operations it coordinates</h4>
      <ul className="dynamo-ops">
        {view.ops.map((op) => (
          <li key={op.opId}>
            {progressText(op)}:{' '}
            {op.targets.map((t) => `${serverName(t.node)}${t.hintFor !== null ? ` for ${serverName(t.hintFor)}` : ''} ${t.state === 'answered' ? '✓' : t.state === 'timedout' ? '✕' : '…'}`).join(', ')}
          </li>
        ))}
      </ul>
    </div>
  );
}

export const dynamoInspector: InspectorUi = {
  nodeHint: 'the keys it holds with their versions and vector clocks, its hinted replicas, the operations it coordinates, and buttons to crash it or send it a get or an update',
  Badge,
  crashedNote: () => 'Its disk keeps every version and hinted replica it stored; the operations it was coordinating are lost (their clients get no answer). Restart it to serve them again.',
  sections: [
    { id: 'facts', Component: Facts },
    { id: 'operations', Component: Operations },
    { id: 'keys', Component: Keys },
    { id: 'timers', Component: TimersSection },
  ],
};
