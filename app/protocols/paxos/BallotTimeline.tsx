import { scaleBand, scaleLinear } from 'd3';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { formatSeconds } from '../../lib/format';
import { useSampled } from '../../lib/sampling';
import { nodeName } from '../../store/store';
import { ballotRows, type BallotSpan, type ProposerRow } from './ballots';
import { asPaxosView, ballotText } from './view';

/**
 * The ballot timeline (issue 16's "a ballot timeline"): one row per proposer over virtual time,
 * each ballot a bar from its Prepare to its end, with ▲ where a majority promised and it sent
 * Accept, ✕ where a higher ballot pre-empted it, ★ where it was chosen. d3 computes the scales;
 * React owns the SVG. Built from the page's trace (ballots.ts), so it follows time travel.
 * Duelling proposers read as two rows of short bars each ending in ✕, taking turns.
 */
const M = { top: 10, right: 26, bottom: 24, left: 44 };
/**
 * Virtual time per pixel: the chart spans as much time as its width holds at this density (about
 * half a second in the normal layout), so a duelling ballot (some 25 ms) is a bar wide enough
 * to carry its ✕ and the rows' turns read at a glance.
 */
const US_PER_PX = 1_500;

export function outcomeText(span: BallotSpan, nowUs: number): string {
  switch (span.outcome) {
    case 'chosen':
      return `chosen${span.value !== null ? ` (value ${span.value})` : ''} at ${formatSeconds(span.endUs ?? nowUs)}`;
    case 'preempted':
      return `pre-empted by ${span.by !== null ? ballotText(span.by) : 'a higher ballot'} at ${formatSeconds(span.endUs ?? nowUs)}`;
    case 'abandoned':
      return `given up at ${formatSeconds(span.endUs ?? nowUs)}`;
    case 'open':
      return span.acceptUs !== null ? `Accept sent at ${formatSeconds(span.acceptUs)}, waiting` : 'Prepare sent, waiting for promises';
  }
}

/** "S1 ballot 3.S1: pre-empted by 4.S2 at 1.234 s" (a mark's accessible name). */
export function spanLabel(span: BallotSpan, nowUs: number): string {
  return `${nodeName(span.proposer)} ballot ${ballotText(span.ballot)}: ${outcomeText(span, nowUs)}`;
}

function rowSummary(row: ProposerRow): string {
  const count = (o: BallotSpan['outcome']) => row.ballots.filter((b) => b.outcome === o).length;
  const chosen = count('chosen');
  return `${nodeName(row.proposer)}: ${row.ballots.length} ${row.ballots.length === 1 ? 'ballot' : 'ballots'}, ${count('preempted')} pre-empted${chosen ? `, ${chosen} chosen` : ''}`;
}

export function BallotTimeline() {
  const trace = useSampled((s) => s.trace, 400);
  const nodes = useSampled((s) => s.nodes, 400);
  const now = useSampled((s) => s.now, 250);
  const titleId = useId();
  const box = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState({ w: 360, h: 120 });
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const measure = () => setSize({ w: Math.max(200, element.clientWidth), h: Math.max(60, element.clientHeight) });
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    measure();
    return () => observer.disconnect();
  }, []);
  const acceptorCount = nodes.map((n) => asPaxosView(n.view)?.acceptorCount ?? 0).find((c) => c > 0) ?? nodes.length;
  const rows = useMemo(() => ballotRows(trace, acceptorCount), [trace, acceptorCount]);
  // Every proposer gets a row, even before its first ballot (or after the trace's cap dropped it).
  const proposers = [...new Set([...nodes.filter((n) => asPaxosView(n.view)?.roles.proposer).map((n) => n.id), ...rows.map((r) => r.proposer)])].sort((a, b) => a - b);
  const rowOf = new Map(rows.map((r) => [r.proposer, r]));
  const W = size.w;
  const H = size.h;
  const innerW = W - M.left - M.right;
  const innerH = H - M.top - M.bottom;
  const windowUs = Math.max(300_000, Math.round(innerW * US_PER_PX));
  const from = Math.max(0, now - windowUs);
  const to = Math.max(now, from + windowUs);
  const x = scaleLinear().domain([from / 1e6, to / 1e6]).range([0, innerW]);
  const y = scaleBand<number>().domain(proposers).range([0, innerH]).paddingInner(0.3).paddingOuter(0.15);
  const bar = Math.min(26, y.bandwidth());
  const xs = (us: number) => x(Math.max(from, Math.min(now, us)) / 1e6);
  const chosen = rows.flatMap((r) => r.ballots).filter((b) => b.outcome === 'chosen');
  const summary = `${proposers.map((p) => rowSummary(rowOf.get(p) ?? { proposer: p, ballots: [] })).join('; ')}. ${
    chosen.length ? `Chosen: ${chosen.map((b) => ballotText(b.ballot)).join(', ')}.` : 'Nothing chosen yet.'
  }`;
  return (
    <section className="panel-view paxos-ballots" aria-label="Ballot timeline">
      <p className="paxos-ballots-summary">{summary}</p>
      <div className="paxos-ballots-chart" ref={box}>
        <svg width={W} height={H} role="group" aria-labelledby={titleId}>
          <title id={titleId}>{`Ballots per proposer over the last ${formatSeconds(windowUs)} of virtual time`}</title>
          <g transform={`translate(${M.left},${M.top})`}>
            {x.ticks(Math.max(2, Math.floor(innerW / 100))).map((t) => (
              <g key={`x${t}`} transform={`translate(${x(t)},0)`}>
                <line className="paxos-ballots-grid" y2={innerH} />
                <text className="paxos-ballots-tick" y={innerH + 18} textAnchor="middle">{`${t} s`}</text>
              </g>
            ))}
            <line className="paxos-ballots-axis" y1={innerH} x2={innerW} y2={innerH} />
            {proposers.map((p) => {
              const top = (y(p) ?? 0) + (y.bandwidth() - bar) / 2;
              const mid = top + bar / 2;
              return (
                <g key={p}>
                  <text className="paxos-ballots-name" x={-8} y={mid} dy="0.35em" textAnchor="end">
                    {nodeName(p)}
                  </text>
                  {(rowOf.get(p)?.ballots ?? [])
                    .filter((b) => (b.endUs ?? now) >= from && b.startUs <= now)
                    .map((b) => {
                      const x0 = xs(b.startUs);
                      const x1 = Math.max(x0 + 2, xs(b.endUs ?? now));
                      const label = spanLabel(b, now);
                      return (
                        <g key={b.ballot} role="img" aria-label={label} className={`paxos-ballot paxos-ballot--${b.outcome}`}>
                          <title>{label}</title>
                          <rect x={x0} y={top} width={x1 - x0} height={bar} rx={3} />
                          {x1 - x0 > 34 && (
                            <text className="paxos-ballot-round" x={x0 + 4} y={mid} dy="0.35em">
                              {ballotText(b.ballot)}
                            </text>
                          )}
                          {b.acceptUs !== null && b.acceptUs >= from && b.acceptUs <= now && (
                            <path className="paxos-ballot-accept" d={`M${xs(b.acceptUs)},${top - 1} l5,-7 h-10 z`} />
                          )}
                          {b.outcome === 'preempted' && x1 - x0 >= 10 && (
                            <text className="paxos-ballot-end paxos-ballot-end--preempted" x={x1 - 1} y={mid} textAnchor="end" dy="0.35em">
                              ✕
                            </text>
                          )}
                          {b.outcome === 'chosen' && b.endUs !== null && b.endUs >= from && (
                            <text className="paxos-ballot-end paxos-ballot-end--chosen" x={x1 + 2} y={mid} dy="0.35em">
                              ★
                            </text>
                          )}
                        </g>
                      );
                    })}
                </g>
              );
            })}
          </g>
        </svg>
      </div>
      <p className="paxos-ballots-legend" aria-hidden="true">
        <span className="paxos-key paxos-key--open">▬ running</span> <span className="paxos-key">▼ Accept sent</span>{' '}
        <span className="paxos-key paxos-key--preempted">✕ pre-empted</span> <span className="paxos-key paxos-key--abandoned">▬ given up</span>{' '}
        <span className="paxos-key paxos-key--chosen">★ chosen</span>
      </p>
    </section>
  );
}
