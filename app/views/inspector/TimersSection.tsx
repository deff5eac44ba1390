import { formatDuration } from '../../lib/format';
import type { InspectorSectionProps } from '../../protocols/ui';

/**
 * A node's pending timers with the time left on each: a section every protocol may list among
 * its inspector sections (`ProtocolUi.inspector.sections`), wherever it fits its story.
 */
export function TimersSection({ node, now }: InspectorSectionProps) {
  const timers = [...node.timers].sort((a, b) => a.dueAt - b.dueAt);
  return (
    <div className="inspector-section">
      <h4>Timers</h4>
      {timers.length === 0 ? (
        <p className="inspector-muted">No timer running.</p>
      ) : (
        <ul className="inspector-timers">
          {timers.map((t) => {
            const left = Math.max(0, t.dueAt - now);
            const total = Math.max(1, t.dueAt - t.setAt);
            return (
              <li key={t.id}>
                <span className="inspector-timer-name">{t.name}</span>
                <span className="inspector-timer-left">fires in {formatDuration(left)}</span>
                <span className="inspector-bar" role="meter" aria-label={`${t.name} timer time left`} aria-valuemin={0} aria-valuemax={total} aria-valuenow={left}>
                  <span style={{ width: `${Math.min(100, (100 * left) / total)}%` }} />
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
