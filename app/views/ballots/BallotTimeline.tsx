import { scaleBand, scaleLinear } from 'd3';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { formatSeconds } from '../../lib/format';
import { useSampled } from '../../lib/sampling';
import { nodeName } from '../../store/store';
import type { NodeState } from '../../store/types';
import { ballotRows, promisedNow, type BallotModel, type BallotSpan, type ProposerRow } from './ballot-rows';
import './ballots.css';

/**
 * The ballot timeline (issue 16's "a ballot timeline"), for any Paxos-family protocol: one row
 * per proposer over virtual time, each ballot a bar from its Prepare to its end, with ▼ where a
 * majority promised and it sent Accept, ✕ where a higher ballot pre-empted it, ★ where a value
 * was chosen in it. d3 computes the scales; React owns the SVG. Built from the page's trace
 * (ballot-rows.ts, through the protocol's adapter), so it follows time travel. Duelling
 * proposers (or leaders) read as rows of short bars each ending in ✕, taking turns; the line
 * above names whom each acceptor has promised now.
 */
export interface BallotAdapter {
  readonly model: BallotModel;
  /** How many acceptors there are: a majority of them chooses a value. */
  readonly acceptorCount: (nodes: readonly NodeState[]) => number;
  /** The nodes that always get a row, even before their first ballot (others get one while a ballot of theirs is in view). */
  readonly proposers: (nodes: readonly NodeState[]) => number[];
  /** "3.S2" (round 3 of S2's ballots). */
  readonly ballotText: (ballot: number) => string;
}

const M = { top: 10, right: 26, bottom: 24, left: 44 };
/**
 * Virtual time per pixel: the chart spans as much time as its width holds at this density (about
 * half a second in the normal layout), so a duelling ballot (some 25 ms) is a bar wide enough
 * to carry its ✕ and the rows' turns read at a glance.
 */
const US_PER_PX = 1_500;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const names = (ids: readonly number[]) => ids.map(nodeName).join(', ');

/** "chosen (value 7) at 2.100 s", "leading since 1.2 s, 12 slots chosen", "pre-empted by 4.S2 at 1.234 s". */
export function outcomeText(span: BallotSpan, nowUs: number, adapter: Pick<BallotAdapter, 'model' | 'ballotText'>): string {
  const at = formatSeconds(span.endUs ?? nowUs);
  const leads = !adapter.model.endsWhenChosen;
  const slots = leads && span.chosenSlots.length > 0 ? `, after ${plural(span.chosenSlots.length, 'slot')} chosen` : '';
  switch (span.outcome) {
    case 'chosen':
      return `chosen${span.value !== null ? ` (value ${span.value})` : ''} at ${at}`;
    case 'preempted':
      return `pre-empted by ${span.by !== null ? adapter.ballotText(span.by) : 'a higher ballot'} at ${at}${slots}`;
    case 'abandoned':
      return `given up at ${at}${slots}`;
    case 'open':
      if (span.acceptUs === null) return 'Prepare sent, waiting for promises';
      return leads ? `leading since ${formatSeconds(span.acceptUs)}, ${plural(span.chosenSlots.length, 'slot')} chosen` : `Accept sent at ${formatSeconds(span.acceptUs)}, waiting`;
  }
}

/** "S1 ballot 3.S1: pre-empted by 4.S2 at 1.234 s; promised by S1, S3" (a mark's accessible name). */
export function spanLabel(span: BallotSpan, nowUs: number, adapter: Pick<BallotAdapter, 'model' | 'ballotText'>): string {
  const promised = span.promisedBy.length ? `; promised by ${names(span.promisedBy)}` : '';
  const accepted = span.acceptedBy.length ? `; accepted by ${names(span.acceptedBy)}` : '';
  return `${nodeName(span.proposer)} ballot ${adapter.ballotText(span.ballot)}: ${outcomeText(span, nowUs, adapter)}${promised}${accepted}`;
}

/**
 * "Promised now: 2.S4 by S1, S2, S3, S4; 1.S5 by S5." (highest ballot first): whom the acceptors
 * back, which is the tug of war between duelling proposers or leaders.
 */
export function promisedText(promised: ReadonlyMap<number, number>, ballotText: (ballot: number) => string): string {
  const byBallot = new Map<number, number[]>();
  for (const [acceptor, ballot] of [...promised.entries()].sort((a, b) => a[0] - b[0])) byBallot.set(ballot, [...(byBallot.get(ballot) ?? []), acceptor]);
  const groups = [...byBallot.entries()].sort((a, b) => b[0] - a[0]);
  return groups.length ? `Promised now: ${groups.map(([ballot, acceptors]) => `${ballotText(ballot)} by ${names(acceptors)}`).join('; ')}.` : '';
}

function rowSummary(row: ProposerRow, leads: boolean): string {
  const count = (o: BallotSpan['outcome']) => row.ballots.filter((b) => b.outcome === o).length;
  const chosen = leads ? row.ballots.filter((b) => b.chosenSlots.length > 0).length : count('chosen');
  return `${nodeName(row.proposer)}: ${plural(row.ballots.length, 'ballot')}, ${count('preempted')} pre-empted${chosen ? `, ${chosen} ${leads ? 'with slots chosen' : 'chosen'}` : ''}`;
}

export function BallotTimeline({ adapter }: { adapter: BallotAdapter }) {
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
  const { model, ballotText } = adapter;
  const leads = !model.endsWhenChosen;
  const acceptorCount = adapter.acceptorCount(nodes);
  const rows = useMemo(() => ballotRows(trace, model, acceptorCount), [trace, model, acceptorCount]);
  const promised = useMemo(() => promisedNow(trace, model), [trace, model]);
  const W = size.w;
  const H = size.h;
  const innerW = W - M.left - M.right;
  const innerH = H - M.top - M.bottom;
  const windowUs = Math.max(300_000, Math.round(innerW * US_PER_PX));
  const from = Math.max(0, now - windowUs);
  const to = Math.max(now, from + windowUs);
  const inWindow = (b: BallotSpan) => (b.endUs ?? now) >= from && b.startUs <= now;
  // A row for every node the adapter names (Paxos: each proposer, even before its first ballot)
  // and for every node with a ballot in the window (Multi-Paxos: the servers that campaigned).
  const proposers = [...new Set([...adapter.proposers(nodes), ...rows.filter((r) => r.ballots.some(inWindow)).map((r) => r.proposer)])].sort((a, b) => a - b);
  const rowOf = new Map(rows.map((r) => [r.proposer, r]));
  const x = scaleLinear().domain([from / 1e6, to / 1e6]).range([0, innerW]);
  const y = scaleBand<number>().domain(proposers).range([0, innerH]).paddingInner(0.3).paddingOuter(0.15);
  const bar = Math.min(26, y.bandwidth());
  const xs = (us: number) => x(Math.max(from, Math.min(now, us)) / 1e6);
  const spans = rows.flatMap((r) => r.ballots);
  const chosen = spans.filter((b) => (leads ? b.chosenSlots.length > 0 : b.outcome === 'chosen'));
  const perRow = `${proposers.map((p) => rowSummary(rowOf.get(p) ?? { proposer: p, ballots: [] }, leads)).join('; ')}.`;
  const status = [
    chosen.length ? `${leads ? 'Slots chosen in' : 'Chosen'}: ${chosen.map((b) => ballotText(b.ballot)).join(', ')}.` : 'Nothing chosen yet.',
    promisedText(promised, ballotText),
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <section className="panel-view ballots" aria-label="Ballot timeline">
      <p className="ballots-summary">
        <span className="visually-hidden">{perRow} </span>
        {status}
      </p>
      <div className="ballots-chart" ref={box}>
        <svg width={W} height={H} role="group" aria-labelledby={titleId}>
          <title id={titleId}>{`Ballots per proposer over the last ${formatSeconds(windowUs)} of virtual time`}</title>
          <g transform={`translate(${M.left},${M.top})`}>
            {x.ticks(Math.max(2, Math.floor(innerW / 100))).map((t) => (
              <g key={`x${t}`} transform={`translate(${x(t)},0)`}>
                <line className="ballots-grid" y2={innerH} />
                <text className="ballots-tick" y={innerH + 18} textAnchor="middle">{`${t} s`}</text>
              </g>
            ))}
            <line className="ballots-axis" y1={innerH} x2={innerW} y2={innerH} />
            {proposers.map((p) => {
              const top = (y(p) ?? 0) + (y.bandwidth() - bar) / 2;
              const mid = top + bar / 2;
              return (
                <g key={p}>
                  <text className="ballots-name" x={-8} y={mid} dy="0.35em" textAnchor="end">
                    {nodeName(p)}
                  </text>
                  {(rowOf.get(p)?.ballots ?? [])
                    .filter(inWindow)
                    .map((b) => {
                      const x0 = xs(b.startUs);
                      const x1 = Math.max(x0 + 2, xs(b.endUs ?? now));
                      const label = spanLabel(b, now, adapter);
                      const round = leads && b.chosenSlots.length > 0 ? `${ballotText(b.ballot)} · ${b.chosenSlots.length}★` : ballotText(b.ballot);
                      return (
                        <g key={b.ballot} role="img" aria-label={label} className={`ballots-bar ballots-bar--${b.outcome}${leads && b.chosenSlots.length > 0 ? ' ballots-bar--led' : ''}`}>
                          <title>{label}</title>
                          <rect x={x0} y={top} width={x1 - x0} height={bar} rx={3} />
                          {x1 - x0 > Math.max(34, 7 * round.length) && (
                            <text className="ballots-round" x={x0 + 4} y={mid} dy="0.35em">
                              {round}
                            </text>
                          )}
                          {b.acceptUs !== null && b.acceptUs >= from && b.acceptUs <= now && (
                            <path className="ballots-accept" d={`M${xs(b.acceptUs)},${top - 1} l5,-7 h-10 z`} />
                          )}
                          {b.outcome === 'preempted' && x1 - x0 >= 10 && (
                            <text className="ballots-end ballots-end--preempted" x={x1 - 1} y={mid} textAnchor="end" dy="0.35em">
                              ✕
                            </text>
                          )}
                          {!leads && b.outcome === 'chosen' && b.endUs !== null && b.endUs >= from && (
                            <text className="ballots-end ballots-end--chosen" x={x1 + 2} y={mid} dy="0.35em">
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
      <p className="ballots-legend" aria-hidden="true">
        <span className="ballots-key ballots-key--open">▬ running</span> <span className="ballots-key">▼ {leads ? 'leading (Accepts sent)' : 'Accept sent'}</span>{' '}
        <span className="ballots-key ballots-key--preempted">✕ pre-empted</span> <span className="ballots-key ballots-key--abandoned">▬ given up</span>{' '}
        <span className="ballots-key ballots-key--chosen">{leads ? '★ slots chosen in it' : '★ chosen'}</span>
      </p>
    </section>
  );
}
