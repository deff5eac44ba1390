import { useMemo } from 'react';
import { useSampled } from '../../lib/sampling';
import { nodeName } from '../../store/store';
import { compareLeaders } from './compare';
import { clockText } from './view';

/**
 * Every acknowledged write last writer wins threw away, newest first: its key and value, who
 * wrote it with what clock reading, and the write and clock that beat it ("ahead by 300 ms
 * though written earlier" when the loser had seen the winner: a skewed clock). Each leader
 * keeps its last eight; the monitor counts them all (`npm run sim` stats: lwwLostWrites).
 */
export function LostWritesPanel() {
  const nodes = useSampled((s) => s.nodes, 250);
  const compared = useMemo(() => compareLeaders(nodes), [nodes]);
  const lost = compared?.lost ?? [];
  return (
    <section className="panel-view ml-panel" aria-label="Lost writes">
      <h2 className="panel-title">Lost under last writer wins: {lost.length === 0 ? 'none seen yet' : `${lost.length}${lost.length >= 8 ? '+' : ''}`}</h2>
      <div className="ml-scroll" tabIndex={0} role="region" aria-label="Writes lost under last writer wins, scrolls">
        {lost.length === 0 ? (
          <p className="ml-key">Siblings and CRDTs never lose an acknowledged write; last writer wins does when clocks disagree or writes are concurrent.</p>
        ) : (
          <ul className="ml-lost">
            {lost.slice(0, 8).map((l) => (
              <li key={l.id}>
                <strong>
                  {l.key}={l.value}
                </strong>{' '}
                by {nodeName(l.writer)} (clock {clockText(l.ts)}) lost to {l.byValue} by {nodeName(l.byWriter)} (clock {clockText(l.byTs)}
                {l.cause === 'stale' ? `, ahead by ${((l.byTs - l.ts) / 1000).toFixed(0)} ms though written earlier` : ', concurrent'})
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}
