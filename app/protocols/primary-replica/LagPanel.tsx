import { line, scaleLinear } from 'd3';
import { useEffect, useId, useRef, useState } from 'react';
import { formatSeconds } from '../../lib/format';
import { useSampled } from '../../lib/sampling';
import { nodeName } from '../../store/store';
import { lagAxis, lagAxisMargin } from './lag-axis';
import { ledgerOf } from './ledger';
import { currentPrimary, lagWords, primariesNow } from './view';

/**
 * Replication lag per replica over time, a live d3 line chart (d3 computes scales and paths;
 * React owns the SVG), with each promotion drawn as a vertical rule labelled with its epoch;
 * beside it the cost of the replication mode: acknowledged writes lost at failovers, listed,
 * and stale reads. Each replica's line has its own colour and dash, and its name at its end.
 */
const M0 = { top: 8, right: 34 };
const STYLES = [
  { color: '#1f6feb', dash: '' },
  { color: '#b35900', dash: '8 4' },
  { color: '#2e7d32', dash: '2 4' },
  { color: '#8e24aa', dash: '12 4 2 4' },
  { color: '#c62828', dash: '4 4' },
];
const WINDOW_US = 20_000_000;

export function LagPanel() {
  const trace = useSampled((s) => s.trace, 400);
  const nodes = useSampled((s) => s.nodes, 250);
  const now = useSampled((s) => s.now, 250);
  const titleId = useId();
  // Drawn at the box's own pixel size, so its text is as large as the page's (never scaled down).
  const box = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState({ w: 320, h: 160, fontPx: 13 });
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    // The tick labels' size (0.8125rem, .pr-tick), for the left margin that must hold them.
    const measure = () =>
      setSize({
        w: Math.max(160, element.clientWidth),
        h: Math.max(60, element.clientHeight),
        fontPx: 0.8125 * (parseFloat(getComputedStyle(document.documentElement).fontSize) || 16),
      });
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    measure();
    return () => observer.disconnect();
  }, []);
  const W = size.w;
  const H = size.h;
  const ledger = ledgerOf(trace);
  const head = currentPrimary(nodes);
  const from = Math.max(0, now - WINDOW_US);
  const samples = ledger.lag.filter((p) => p.atUs >= from);
  const replicas = [...new Set(samples.map((p) => p.replica))].sort((a, b) => a - b);
  const maxMs = Math.max(0, ...samples.map((p) => p.ms));
  // Room under the axis for the time labels at their size (presenter type ran into the "0" tick).
  const bottom = Math.max(24, Math.ceil(size.fontPx * 1.25) + 6);
  const innerH = H - M0.top - bottom;
  const { y, ticks: yTicks } = lagAxis(maxMs, innerH);
  const M = { ...M0, bottom, left: lagAxisMargin(yTicks.map((t) => t.label), size.fontPx) };
  const innerW = W - M.left - M.right;
  const x = scaleLinear().domain([from / 1e6, Math.max(from + 1_000_000, now) / 1e6]).range([0, innerW]);
  const path = line<{ atUs: number; ms: number }>()
    .x((p) => x(p.atUs / 1e6))
    .y((p) => y(p.ms));
  const promotions = Object.entries(ledger.primaryOfEpoch)
    .map(([epoch, node]) => ({ epoch: Number(epoch), node }))
    .filter((p) => p.epoch > 1);
  const promotedAt = (epoch: number) => trace.find((e) => e.kind === 'observe' && e.what === 'promoted' && (e.data as { epoch?: number } | undefined)?.epoch === epoch)?.at;
  const summary = head
    ? head.view.followers.map((f) => `${nodeName(f.node)}, ${lagWords(f)}`).join('; ')
    : 'no primary runs';
  const twoPrimaries = primariesNow(nodes) > 1;
  return (
    <section className="panel-view pr-panel" aria-label="Replication lag and lost writes">
      <header className="pr-panel-header">
        <h2 className="panel-title">Replication lag</h2>
        <span className="pr-panel-epoch">
          {head ? `primary ${head.node.name}, epoch ${head.view.epoch}, ${head.view.replication}${head.view.fencing ? ', fencing on' : ', fencing off'}` : 'no primary'}
        </span>
        {twoPrimaries && (
          <strong className="pr-split" role="status">
            ⚠ split brain: {primariesNow(nodes)} servers act as primary
          </strong>
        )}
      </header>
      <div className="pr-panel-body">
        <div className="pr-chart" ref={box}>
        <svg width={W} height={H} role="img" aria-labelledby={titleId}>
          <title id={titleId}>{`Lag per replica in milliseconds over the last ${WINDOW_US / 1e6} s: ${summary}`}</title>
          <g transform={`translate(${M.left},${M.top})`}>
            {yTicks.map((t) => (
              <g key={`y${t.ms}`} transform={`translate(0,${y(t.ms)})`}>
                <line className="pr-grid" x2={innerW} />
                <text className="pr-tick" x={-6} dy="0.35em" textAnchor="end">
                  {t.label}
                </text>
              </g>
            ))}
            {x.ticks(Math.max(2, Math.floor(innerW / 60))).map((t) => (
              <text key={`x${t}`} className="pr-tick" x={x(t)} y={innerH + bottom - 4} textAnchor="middle">
                {`${t} s`}
              </text>
            ))}
            <line className="pr-axis" y1={innerH} x2={innerW} y2={innerH} />
            {promotions.map((p) => {
              const at = promotedAt(p.epoch);
              if (at === undefined || at < from) return null;
              return (
                <g key={`e${p.epoch}`} transform={`translate(${x(at / 1e6)},0)`}>
                  <line className="pr-epoch-rule" y2={innerH} />
                  <text className="pr-tick pr-epoch-label" x={-4} y={10} textAnchor="end">{`epoch ${p.epoch}: ${nodeName(p.node)}`}</text>
                </g>
              );
            })}
            {replicas.map((r, i) => {
              const points = samples.filter((p) => p.replica === r);
              const style = STYLES[i % STYLES.length]!;
              return <path key={r} d={path(points) ?? ''} fill="none" stroke={style.color} strokeWidth={2.5} strokeDasharray={style.dash} />;
            })}
            {endLabels(replicas, samples, (p) => y(p.ms), innerH).map(({ replica, at, index }) => (
              <text key={replica} className="pr-line-label" x={innerW + 4} y={at} dy="0.35em" fill={STYLES[index % STYLES.length]!.color}>
                {nodeName(replica)}
              </text>
            ))}
          </g>
        </svg>
        </div>
        <div className="pr-costs">
          <p>
            <strong>{ledger.lost.length}</strong> acknowledged {ledger.lost.length === 1 ? 'write' : 'writes'} lost · <strong>{ledger.staleReads}</strong> of {ledger.reads} reads stale
          </p>
          {ledger.lost.length > 0 && (
            <ul className="pr-lost" aria-label="Acknowledged writes that were lost">
              {ledger.lost.slice(-8).map((w) => (
                <li key={`${w.value}-${w.lostUs}`}>
                  {w.key} = {w.value}: acknowledged to {nodeName(w.client)} at {formatSeconds(w.ackedUs)} (index {w.index}, epoch {w.epoch});{' '}
                  {w.how === 'failover' ? `${nodeName(w.at!)} took epoch ${w.inEpoch} without it` : w.how === 'late' ? `acknowledged late: ${nodeName(w.at!)} had gone on without it` : `${nodeName(w.at!)} rewound it`}
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
    </section>
  );
}

/**
 * Each replica's name at the right edge, at its line's last height, moved apart so that no two
 * overlap (caught-up replicas all sit at zero): at least a label's height between neighbours.
 */
function endLabels(replicas: number[], samples: { replica: number; atUs: number; ms: number }[], yOf: (p: { ms: number }) => number, innerH: number) {
  const GAP = 17;
  const labels = replicas.map((replica, index) => {
    const points = samples.filter((p) => p.replica === replica);
    return { replica, index, at: yOf(points[points.length - 1]!) };
  });
  labels.sort((a, b) => a.at - b.at);
  for (let i = 1; i < labels.length; i++) labels[i]!.at = Math.max(labels[i]!.at, labels[i - 1]!.at + GAP);
  // Pushed below the axis: move the whole stack up so the lowest sits on it.
  const over = labels.length ? labels[labels.length - 1]!.at - innerH : 0;
  if (over > 0) for (const l of labels) l.at -= over;
  return labels;
}
