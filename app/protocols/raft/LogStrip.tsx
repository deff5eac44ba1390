import { memo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useSim } from '../../store/store';
import { LOG_TAIL, parseLogTail, summarizeLog } from './node-summary';

const TERM_COLOURS = 7;

/** A leader's commit index, under its name (its own subscription, like the strip). */
function CommitIndexImpl({ id }: { id: number }) {
  const commitIndex = useSim((s) => summarizeLog(s.nodes.find((n) => n.id === id)).commitIndex);
  return <span className="cv-detail">commit {commitIndex}</span>;
}

export const CommitIndex = memo(CommitIndexImpl);

/**
 * The last few log entries as small squares coloured by term, with the term written inside:
 * filled = committed, hollow and dashed = not committed yet. The last index closes the strip.
 */
function LogStripImpl({ id, down }: { id: number; down: boolean }) {
  // Its own subscription: the log changes with every write, the rest of the node seldom.
  const { tail, commitIndex, logLength } = useSim(useShallow((s) => summarizeLog(s.nodes.find((n) => n.id === id))));
  const entries = parseLogTail(tail);
  const title = down ? 'log unknown while crashed' : `log: ${logLength} entries, ${commitIndex} committed (filled squares are committed)`;
  if (down) return <div className="cv-log cv-log-empty" title={title} />;
  if (entries.length === 0) {
    // Everything it holds was compacted into a snapshot (§7): an empty log, but not an empty history.
    return (
      <div className="cv-log cv-log-empty" title={logLength > 0 ? `log: every entry up to ${logLength} is in a snapshot` : title}>
        {logLength > 0 ? `snapshot ≤${logLength}` : 'empty log'}
      </div>
    );
  }
  return (
    <div className="cv-log" title={title} role="img" aria-label={`log of ${logLength}, ${commitIndex} committed`}>
      {logLength > LOG_TAIL && <span className="cv-log-more">…</span>}
      {entries.map((e) => (
        <span
          key={e.index}
          className={`cv-entry cv-term-${e.term % TERM_COLOURS}${e.index <= commitIndex ? ' cv-committed' : ''}${e.kind === 'noop' ? ' cv-noop' : ''}`}
        >
          {e.term}
        </span>
      ))}
      <span className="cv-log-index">{logLength}</span>
    </div>
  );
}

export const LogStrip = memo(LogStripImpl);
