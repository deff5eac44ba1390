import { line as d3line, scaleLinear } from 'd3';
import { useEffect, useMemo, useRef, useState } from 'react';
import { kindOf } from '../../../engine/kernel/topology';
import { useSampled } from '../../lib/sampling';
import { select } from '../../session/selection';
import { useSim } from '../../store/store';
import { secondLabel, secondTicks } from './axis';
import { panelModel, type AlgorithmLine } from './chart-model';
import { latencyText } from './view';

/**
 * The balancer's panel: the queue of every server as a bar (slow servers marked), and each
 * balancer's latency percentiles over time, one line per algorithm (p99 solid, p50 dashed),
 * drawn with d3's scales and line generator from the balancers' own series (so it follows time
 * travel). Every figure is also said in words: the bars' and the lines' accessible names, and a
 * table under the chart.
 */
const PAD = { left: 54, right: 44, top: 8, bottom: 22 };
/** One colour and one dash pattern per line, so colour is never alone. */
const COLOURS = ['#1f6fb2', '#c2410c', '#15803d', '#7c3aed', '#b91c1c', '#0f766e'];
const MARKS = ['●', '▲', '■', '◆', '▼', '★'];

export function BalancerPanel() {
  const nodes = useSampled((s) => s.nodes, 250);
  const topology = useSim((s) => s.topology);
  const now = useSampled((s) => s.now, 250);
  const model = useMemo(() => panelModel(nodes, (id) => (topology ? kindOf(topology, id) : undefined)), [nodes, topology]);
  const maxQueue = Math.max(5, ...model.queues.map((q) => Math.max(q.queue, q.limit)));
  return (
    <section className="panel-view lb-panel" aria-label="Queues and latency per algorithm" tabIndex={0}>
      <div className="lb-side">
        <div role="group" aria-label="Queue per server">
          <h2 className="panel-title">Queues</h2>
          <ul className="lb-queue-list">
            {model.queues.map((q) => (
              <li key={q.id}>
                <button type="button" className={`lb-qrow${q.slowFactor > 1 ? ' lb-qrow--slow' : ''}${q.up ? '' : ' lb-qrow--down'}`} onClick={() => select({ kind: 'node', id: q.id })}>
                  <span className="lb-qname">{q.name}</span>
                  <span className="visually-hidden">{q.label.slice(q.name.length)}</span>
                  <span className="lb-qbar" aria-hidden="true">
                    <span className="lb-qfill" style={{ width: `${(100 * q.queue) / maxQueue}%` }} />
                  </span>
                  <span className="lb-qcount" aria-hidden="true">
                    {q.up ? q.queue : '✕'}
                    {q.slowFactor > 1 ? ` ◷×${q.slowFactor}` : ''}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </div>
        <table className="lb-table">
          <caption className="lb-caption">p99, last 2 s</caption>
          <tbody>
            {model.lines.map((l, i) => (
              <tr key={l.id} aria-label={l.label}>
                <th scope="row">
                  <span style={{ color: COLOURS[i % COLOURS.length] }} aria-hidden="true">
                    {MARKS[i % MARKS.length]}{' '}
                  </span>
                  {l.name} {SHORT[l.algorithm] ?? l.algorithm}
                </th>
                <td>{latencyText(l.p99Us)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="lb-latency" role="group" aria-label="Latency over time per algorithm">
        <h2 className="panel-title">Latency: p99 —, p50 - -</h2>
        <LatencyChart lines={model.lines} nowUs={now} />
      </div>
    </section>
  );
}

/** Short names of the algorithms, for the narrow table (the accessible name says them in full). */
const SHORT: Record<string, string> = {
  'round-robin': 'round robin',
  random: 'random',
  'least-outstanding': 'least outst.',
  'two-choices': 'two choices',
  'peak-ewma': 'peak EWMA',
  'consistent-hash': 'hashing',
};

/** The element's size in CSS pixels, followed as it changes: the chart draws at that size so its text is never scaled down. */
function useSize<T extends HTMLElement>(): [React.RefObject<T | null>, { width: number; height: number }] {
  const ref = useRef<T | null>(null);
  const [size, setSize] = useState({ width: 300, height: 140 });
  useEffect(() => {
    const el = ref.current;
    if (!el) return undefined;
    const update = () => setSize({ width: el.clientWidth, height: el.clientHeight });
    const observer = new ResizeObserver(update);
    observer.observe(el);
    update();
    return () => observer.disconnect();
  }, []);
  return [ref, size];
}

function LatencyChart({ lines, nowUs }: { lines: AlgorithmLine[]; nowUs: number }) {
  const [box, size] = useSize<HTMLDivElement>();
  const WIDTH = Math.max(160, size.width);
  const HEIGHT = Math.max(90, size.height);
  const points = lines.flatMap((l) => l.points);
  const first = points.length ? Math.min(...points.map((p) => p.atUs)) : 0;
  const last = Math.max(nowUs, first + 1_000_000);
  const top = Math.max(50_000, ...points.map((p) => p.p99Us ?? 0));
  const x = scaleLinear().domain([first, last]).range([PAD.left, WIDTH - PAD.right]);
  const y = scaleLinear().domain([0, top]).nice().range([HEIGHT - PAD.bottom, PAD.top]);
  const path = (l: AlgorithmLine, pick: 'p99Us' | 'p50Us') =>
    d3line<(typeof l.points)[number]>()
      .defined((p) => p[pick] !== null)
      .x((p) => x(p.atUs))
      .y((p) => y(p[pick] ?? 0))(l.points) ?? '';
  const yTicks = y.ticks(3);
  // At least three asked for: over a 3 s span two gave a single "2 s".
  const xTicks = secondTicks(first, last, Math.max(3, Math.floor(WIDTH / 80)));
  const summary = lines.map((l) => l.label).join('. ');
  // Line-end labels pushed apart so two lines ending close together stay readable.
  const ends = lines.map((l, i) => ({ i, y: y([...l.points].reverse().find((p) => p.p99Us !== null)?.p99Us ?? 0) + 4 }));
  const labelPlaces: number[] = [];
  let previous = -Infinity;
  for (const e of [...ends].sort((a, b) => a.y - b.y)) {
    previous = Math.max(e.y, previous + 13);
    labelPlaces[e.i] = previous;
  }
  return (
    <div className="lb-chart-box" ref={box}>
    <svg className="lb-chart" width={WIDTH} height={HEIGHT} role="img" aria-label={`Latency over time. ${summary || 'No balancer yet.'}`}>
      {yTicks.map((t) => (
        <g key={`y${t}`}>
          <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(t)} y2={y(t)} className="lb-grid" />
          <text x={PAD.left - 4} y={y(t) + 4} textAnchor="end" className="lb-axis">
            {latencyText(t)}
          </text>
        </g>
      ))}
      {xTicks.map((t) => (
        <text key={`x${t}`} x={x(t)} y={HEIGHT - 6} textAnchor="middle" className="lb-axis">
          {secondLabel(t)}
        </text>
      ))}
      {lines.map((l, i) => {
        const colour = COLOURS[i % COLOURS.length]!;
        const end = [...l.points].reverse().find((p) => p.p99Us !== null);
        const labelY = end ? labelPlaces[i]! : 0;
        return (
          <g key={l.id}>
            <path d={path(l, 'p50Us')} fill="none" stroke={colour} strokeWidth={1.5} strokeDasharray="4 3" />
            <path d={path(l, 'p99Us')} fill="none" stroke={colour} strokeWidth={2.5} />
            {end && (
              <text x={x(end.atUs) + 3} y={labelY} className="lb-line-label" fill={colour}>
                {l.name}
              </text>
            )}
          </g>
        );
      })}
    </svg>
    </div>
  );
}
