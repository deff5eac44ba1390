import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useSession } from '../../session/session-context';
import { select } from '../../session/selection';
import { nodeName } from '../../store/store';
import { useSim } from '../../store/store';
import { useSampled } from '../../lib/sampling';
import { formatDuration } from '../../lib/format';
import { useHistoryCheck, useHistoryChecker } from './check';
import { describeOp, layoutHistory, marksOf, verdictText, type HistoryBar } from './model';
import './HistoryPanel.css';

/**
 * The client history: one lane per node where operations were invoked (a client node, or the
 * server the workload handed them to), each operation a bar from its call to its answer. Writes
 * are filled bars marked "W", reads hollow ones marked "R"; an operation with no answer yet (or
 * never) runs open to the "now" line; a failed one is dashed. The checker's verdict on the
 * history so far heads the panel, and the operations it cannot order (the minimal failing
 * sub-history) are hatched in red and labelled. It knows no protocol: it reads the kernel's
 * invoke and return events (engine/check/client-history.ts).
 *
 * Contract: reads `history`, `now`, `selection` (sampled at 8 Hz); asks the session for the
 * verdict (`useHistoryChecker`); selects `{kind: 'operation', opId}` on click or Enter.
 */

const WINDOWS = [
  { us: 100_000, label: '100 ms' },
  { us: 300_000, label: '300 ms' },
  { us: 1_000_000, label: '1 s' },
  { us: 3_000_000, label: '3 s' },
  { us: 10_000_000, label: '10 s' },
];

/** A lane's height: operations of one node that overlap share it, each in a thinner row. */
const LANE_PX = 15;
const LANE_GAP_PX = 2;
const LABEL_PX = 50;
const AXIS_PX = 13;
const TOP_PX = 4;
/** Characters of bar text that fit per pixel (about 7 px a character at the panel's size). */
const PX_PER_CHAR = 7;

export function HistoryPanel() {
  const session = useSession();
  useHistoryChecker(session);
  const history = useSampled((s) => s.history, 125);
  const now = useSampled((s) => s.now, 125);
  const selection = useSim((s) => s.selection);
  const { checked, checking } = useHistoryCheck();
  const [windowUs, setWindowUs] = useState(300_000);
  const [cursor, setCursor] = useState<number | null>(null);
  const [hovered, setHovered] = useState<number | null>(null);
  const plot = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(600);
  const selectId = useId();
  const keyId = useId();
  const [showKey, setShowKey] = useState(false);
  const patternId = useId().replace(/:/g, '');

  useEffect(() => {
    const element = plot.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setWidth(element.clientWidth));
    observer.observe(element);
    setWidth(element.clientWidth);
    return () => observer.disconnect();
  }, []);

  const marks = useMemo(() => marksOf(checked?.verdict), [checked]);
  const layout = useMemo(() => layoutHistory(history, now, windowUs, nodeName, marks), [history, now, windowUs, marks]);
  const verdict = verdictText(checked, now, checking);
  const selectedOp = selection?.kind === 'operation' ? selection.opId : null;

  const plotWidth = Math.max(100, width - LABEL_PX - 8);
  const x = (t: number) => LABEL_PX + ((t - (now - windowUs)) / windowUs) * plotWidth;
  const laneTops: number[] = [];
  let y = TOP_PX;
  for (let i = 0; i < layout.lanes.length; i++) {
    laneTops.push(y);
    y += LANE_PX + LANE_GAP_PX;
  }
  const height = y + AXIS_PX;

  const focused = layout.bars.find((b) => b.op.opId === (hovered ?? cursor)) ?? null;
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const bars = layout.bars;
    if (bars.length === 0) return;
    const index = bars.findIndex((b) => b.op.opId === cursor);
    if (event.key === 'ArrowRight' || event.key === 'ArrowDown') setCursor(bars[Math.min(bars.length - 1, index + 1)]!.op.opId);
    else if (event.key === 'ArrowLeft' || event.key === 'ArrowUp') setCursor(bars[Math.max(0, index < 0 ? bars.length - 1 : index - 1)]!.op.opId);
    else if (event.key === 'Home') setCursor(bars[0]!.op.opId);
    else if (event.key === 'End') setCursor(bars[bars.length - 1]!.op.opId);
    else if (event.key === 'Enter' && cursor !== null) select({ kind: 'operation', opId: cursor });
    else return;
    event.preventDefault();
  };

  const ticks = [0, 0.25, 0.5, 0.75].map((f) => now - windowUs + f * windowUs);

  return (
    <section className="panel-view history" aria-label="Client history">
      <header className="history-header">
        <h2 className="visually-hidden">Client history</h2>
        <p className={`history-verdict history-verdict--${verdict.tone}`} role="status" aria-live="polite">
          <span aria-hidden="true" className="history-verdict-symbol">
            {verdict.symbol}
          </span>{' '}
          {verdict.text}
        </p>
        <button type="button" className="key-toggle" aria-expanded={showKey} aria-controls={keyId} onClick={() => setShowKey((v) => !v)}>
          Key
        </button>
        <label className="history-window" htmlFor={selectId}>
          <span className="visually-hidden">Window</span>
          <select id={selectId} value={windowUs} onChange={(e) => setWindowUs(Number(e.target.value))}>
            {WINDOWS.map((w) => (
              <option key={w.us} value={w.us}>
                {w.label}
              </option>
            ))}
          </select>
        </label>
      </header>
      {/* The key opens on demand: at 720 pixels the bottom row has room for the lanes or for it. */}
      <div id={keyId} hidden={!showKey}>
        <Legend patternId={patternId} />
      </div>
      <div
        className="history-plot"
        ref={plot}
        tabIndex={0}
        role="group"
        aria-label={`Operations of the last ${formatDuration(windowUs)} (+N beside a lane: operations from before still without an answer): arrow keys move between them, Enter opens one in the inspector`}
        onKeyDown={onKeyDown}
      >
        {layout.lanes.length === 0 ? (
          <p className="history-empty">No client operation yet: reads and writes appear here as they are invoked.</p>
        ) : (
          <svg className="history-svg" width={width} height={height} role="img" aria-label={`${layout.bars.length} operations on ${layout.lanes.length} lanes`}>
            <defs>
              <Hatch id={patternId} />
            </defs>
            {layout.lanes.map((lane, i) => (
              <g key={lane.node}>
                <line className="history-lane-line" x1={LABEL_PX} x2={LABEL_PX + plotWidth} y1={laneTops[i]! + LANE_PX + LANE_GAP_PX / 2} y2={laneTops[i]! + LANE_PX + LANE_GAP_PX / 2} />
                <text className="history-lane-name" x={4} y={laneTops[i]! + LANE_PX / 2 + 4.5}>
                  {lane.name}
                </text>
                {lane.carried > 0 ? (
                  <g className="history-carried">
                    <title>{`${lane.name}: ${lane.carried} operation${lane.carried === 1 ? '' : 's'} invoked before this window still without an answer`}</title>
                    <line x1={LABEL_PX} x2={LABEL_PX + plotWidth} y1={laneTops[i]! + LANE_PX - 1} y2={laneTops[i]! + LANE_PX - 1} />
                    <text x={LABEL_PX - 3} y={laneTops[i]! + LANE_PX / 2 + 4} textAnchor="end">
                      {`+${lane.carried}`}
                    </text>
                  </g>
                ) : null}
              </g>
            ))}
            {layout.bars.map((bar) => (
              <Bar
                key={bar.op.opId}
                bar={bar}
                x0={x(bar.from)}
                x1={x(bar.to)}
                y={laneTops[bar.lane]! + 1 + (bar.row * (LANE_PX - 2)) / layout.lanes[bar.lane]!.rows}
                h={(LANE_PX - 2) / layout.lanes[bar.lane]!.rows - (layout.lanes[bar.lane]!.rows > 1 ? 1 : 0)}
                patternId={patternId}
                selected={bar.op.opId === selectedOp}
                cursor={bar.op.opId === cursor}
                label={describeOp(bar.op, nodeName, bar.mark)}
                onHover={setHovered}
              />
            ))}
            <line className="history-now" x1={x(now)} x2={x(now)} y1={0} y2={height - AXIS_PX} />
            <text className="history-now-label" x={x(now) - 4} y={height - 4} textAnchor="end">
              now
            </text>
            {ticks.map((t) => (
              <text key={t} className="history-tick" x={x(t)} y={height - 4}>
                {formatDuration(t - now)}
              </text>
            ))}
          </svg>
        )}
        {layout.hidden > 0 ? <p className="history-hidden">{layout.hidden} overlapping operations not drawn</p> : null}
      </div>
      <p className={focused ? 'history-cursor' : 'visually-hidden'} aria-live="polite">
        {focused ? describeOp(focused.op, nodeName, focused.mark) : ''}
      </p>
    </section>
  );
}

function Bar(props: {
  bar: HistoryBar;
  x0: number;
  x1: number;
  y: number;
  h: number;
  patternId: string;
  selected: boolean;
  cursor: boolean;
  label: string;
  onHover: (opId: number | null) => void;
}) {
  const { bar, x0, y, h, patternId, selected, cursor, label, onHover } = props;
  const x1 = Math.max(props.x1, x0 + 4);
  const op = bar.op;
  const failed = op.ret !== null && op.ok === false;
  const classes = ['history-bar', `history-bar--${op.kind}`, bar.open ? 'history-bar--open' : '', failed ? 'history-bar--failed' : '', bar.mark ? 'history-bar--marked' : '', selected ? 'history-bar--selected' : '', cursor ? 'history-bar--cursor' : '']
    .filter(Boolean)
    .join(' ');
  const text = bar.mark === 'unordered' ? `✗ ${bar.text}` : bar.text;
  const fits = h >= 11 && (x1 - x0 - 6) / PX_PER_CHAR >= text.length;
  const shape =
    op.kind === 'read' ? (
      <rect x={x0} y={y} width={x1 - x0} height={h} rx={h / 2} />
    ) : op.kind === 'write' ? (
      <rect x={x0} y={y} width={x1 - x0} height={h} rx={1} />
    ) : (
      <rect x={x0} y={y + h / 2 - Math.min(3, h / 2)} width={x1 - x0} height={Math.min(6, h)} rx={Math.min(3, h / 2)} />
    );
  return (
    <g className={classes} onMouseEnter={() => onHover(op.opId)} onMouseLeave={() => onHover(null)} onClick={() => select({ kind: 'operation', opId: op.opId })}>
      <title>{label}</title>
      {shape}
      {bar.mark ? <rect className="history-bar-hatch" x={x0} y={y} width={x1 - x0} height={h} fill={`url(#${patternId})`} /> : null}
      {bar.open ? <path className="history-bar-open-end" d={`M${x1 - 1},${y - 1}l6,${h / 2 + 1}l-6,${h / 2 + 1}`} /> : null}
      {fits ? (
        <text className="history-bar-text" x={x0 + 4} y={y + h - 3}>
          {text}
        </text>
      ) : null}
    </g>
  );
}

function Hatch({ id }: { id: string }) {
  return (
    <pattern id={id} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
      <rect width="6" height="6" fill="var(--danger-soft, #fde8e8)" />
      <line x1="0" y1="0" x2="0" y2="6" stroke="var(--danger)" strokeWidth="3" />
    </pattern>
  );
}

/** Each shape with its words: colour is never the only difference. */
function Legend({ patternId }: { patternId: string }) {
  const sample = (kind: string, extra = '') => (
    <svg width="22" height="11" viewBox="0 0 34 14" aria-hidden="true" className={`history-legend-svg history-bar history-bar--${kind} ${extra}`}>
      {kind === 'read' ? <rect x="1" y="1" width="28" height="12" rx="6" /> : <rect x="1" y="1" width="28" height="12" rx="1" />}
      {extra.includes('marked') ? <rect className="history-bar-hatch" x="1" y="1" width="28" height="12" fill={`url(#${patternId}-legend)`} /> : null}
      {extra.includes('open') ? <path className="history-bar-open-end" d="M28,0l5,7l-5,7" /> : null}
      {extra.includes('marked') ? (
        <defs>
          <Hatch id={`${patternId}-legend`} />
        </defs>
      ) : null}
    </svg>
  );
  return (
    <ul className="history-legend" aria-label="Legend">
      <li>{sample('write')}W write</li>
      <li>{sample('read')}R read</li>
      <li>{sample('write', 'history-bar--open')}no answer</li>
      <li>{sample('write', 'history-bar--failed')}failed</li>
      <li>{sample('read', 'history-bar--marked')}✗ cannot be ordered (red)</li>
      <li>+N beside a lane: earlier operations still without an answer</li>

    </ul>
  );
}
