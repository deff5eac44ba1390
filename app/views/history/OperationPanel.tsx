import { select } from '../../session/selection';
import { nodeName } from '../../store/store';
import { useSampled } from '../../lib/sampling';
import { formatDuration, formatSeconds } from '../../lib/format';
import { useHistoryCheck } from './check';
import { answerText, marksOf } from './model';
import './HistoryPanel.css';

/**
 * A client operation in the inspector: what it asked (its key and value), where and when, its
 * answer, and, when the checker cannot order it, the checker's explanation of why.
 */
export function OperationPanel({ opId }: { opId: number }) {
  const history = useSampled((s) => s.history, 250);
  const { checked } = useHistoryCheck();
  const op = history.find((o) => o.opId === opId);
  if (!op) return <p className="inspector-note">This operation is not in the history up to now (the run was moved back before it).</p>;
  const mark = marksOf(checked?.verdict).get(opId) ?? null;
  const kind = op.kind === 'write' ? 'Write' : op.kind === 'read' ? 'Read' : op.label;
  return (
    <div className="inspector-operation">
      <div className="inspector-heading">
        <h3 className="inspector-name">
          {kind}
          {op.key !== null ? ` of key ${op.key}` : ''}
        </h3>
        <span className="inspector-muted">operation {opId}</span>
      </div>
      <dl className="inspector-facts">
        <dt>Invoked at</dt>
        <dd>
          <button type="button" className="inspector-link" onClick={() => select({ kind: 'node', id: op.node })}>
            {nodeName(op.node)}
          </button>{' '}
          at {formatSeconds(op.call)}
        </dd>
        {op.kind === 'write' ? (
          <>
            <dt>Value written</dt>
            <dd>{JSON.stringify(op.value)}</dd>
          </>
        ) : null}
        <dt>Answer</dt>
        <dd>
          {answerText(op)}
          {op.ret !== null ? ` at ${formatSeconds(op.ret)}, after ${formatDuration(op.ret - op.call)}` : ''}
        </dd>
        <dt>Checker</dt>
        <dd className={mark ? 'inspector-status inspector-status--dropped' : undefined}>
          {mark === 'unordered'
            ? '✗ cannot be ordered: no linearization places it'
            : mark === 'failing'
              ? '✗ part of the smallest history that cannot be ordered'
              : op.kind === 'other'
                ? 'not judged (not a read or a write)'
                : checked?.verdict.ok === true
                  ? '✓ the history so far is linearizable'
                  : 'not marked'}
        </dd>
      </dl>
      {mark && checked?.verdict.ok === false ? <pre className="inspector-explanation">{checked.verdict.explanation}</pre> : null}
    </div>
  );
}
