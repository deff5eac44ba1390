import { useEffect, useId, useRef, useState } from 'react';
import { select } from '../../session/selection';
import { useSim } from '../../store/store';
import { protocolUi, useProtocolUi } from '../../protocols/registry';
import type { MessageLine } from '../../protocols/ui';
import { createSpaceTime } from './spacetime';
import './SpaceTimeDiagram.css';

/**
 * A Lamport space-time diagram of the last moments of virtual time: one lane per server, time
 * running left to right up to `now`, every message a line from its send to its delivery (solid),
 * still in flight (dashed, to where it is now) or lost (dashed, ending in a red ×). Elections,
 * new leaders, crashes, restarts and network actions are marked on the lanes.
 *
 * Contract: reads `now`, `trace`, `inFlight`, `nodes` and `selection` from the store outside
 * React, redrawing at most once per animation frame; clicking a message (or Enter on the one
 * picked with the arrow keys) calls `select({kind: 'message', key})`. Fills its parent's box.
 */

const WINDOWS = [
  { us: 100_000, label: '100 ms' },
  { us: 300_000, label: '300 ms' },
  { us: 1_000_000, label: '1 s' },
  { us: 3_000_000, label: '3 s' },
];

const PLAYING_REDRAW_MS = 125;

export function SpaceTimeDiagram({ initialWindowUs = 300_000 }: { initialWindowUs?: number }) {
  const plot = useRef<HTMLDivElement>(null);
  const [windowUs, setWindowUs] = useState(initialWindowUs);
  const windowRef = useRef(windowUs);
  const updateRef = useRef<(() => void) | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const selectId = useId();
  const keyId = useId();
  // The legend starts open where the bottom row is tall enough to show it beside the plot.
  const [showKey, setShowKey] = useState(() => typeof window === 'undefined' || window.innerHeight >= 900);

  useEffect(() => {
    const container = plot.current;
    if (!container) return;
    const controller = createSpaceTime(
      container,
      { state: () => useSim.getState(), windowUs: () => windowRef.current, ui: () => protocolUi(useSim.getState().protocol) },
      { select: (key) => select({ kind: 'message', key }), announce: setAnnouncement },
    );
    // While the run plays the diagram redraws a few times a second (it is a record, not the
    // animation: the cluster view animates); paused, seeking or stepping, it redraws at once.
    let frame: number | null = null;
    let lastDrawAt = 0;
    const schedule = () => {
      if (frame !== null) return;
      frame = requestAnimationFrame((t) => {
        frame = null;
        if (useSim.getState().playing && t - lastDrawAt < PLAYING_REDRAW_MS) {
          schedule();
          return;
        }
        lastDrawAt = t;
        controller.update();
      });
    };
    updateRef.current = schedule;
    controller.update();
    const unsubscribe = useSim.subscribe(schedule);
    const resize = new ResizeObserver(schedule);
    resize.observe(container);
    return () => {
      unsubscribe();
      resize.disconnect();
      if (frame !== null) cancelAnimationFrame(frame);
      updateRef.current = null;
      controller.destroy();
    };
  }, []);

  useEffect(() => {
    windowRef.current = windowUs;
    updateRef.current?.();
  }, [windowUs]);

  return (
    <section className="panel-view spacetime" aria-label="Space-time diagram">
      <header className="spacetime-header">
        <h2 className="panel-title spacetime-title">Messages</h2>
        <button type="button" className="key-toggle" aria-expanded={showKey} aria-controls={keyId} onClick={() => setShowKey((v) => !v)}>
          Key
        </button>
        <label className="spacetime-window" htmlFor={selectId}>
          Window
          <select id={selectId} value={windowUs} onChange={(e) => setWindowUs(Number(e.target.value))}>
            {WINDOWS.map((w) => (
              <option key={w.us} value={w.us}>
                {w.label}
              </option>
            ))}
          </select>
        </label>
      </header>
      {/* Open from the start on tall screens; at 720 pixels the legend alone would fill the panel. */}
      <div id={keyId} hidden={!showKey}>
        <Legend />
      </div>
      <div className="spacetime-plot" ref={plot}>
        {/* The message under the keyboard cursor, for eyes and for screen readers alike. */}
        <p className={announcement ? 'spacetime-cursor' : 'visually-hidden'} aria-live="polite">
          {announcement}
        </p>
      </div>
    </section>
  );
}

/** Each message kind by colour and by line: width, dash pattern, and what ends the line. */
function Legend() {
  const ui = useProtocolUi();
  type End = MessageLine['head'] | 'open' | 'cross';
  const sample = (stroke: string, width: number, dash: string, end: End, round = false) => (
    <svg width="40" height="14" viewBox="0 0 46 14" aria-hidden="true" className="spacetime-legend-svg">
      <line x1="2" y1="7" x2={end === 'arrow' ? 34 : 38} y2="7" stroke={stroke} strokeWidth={width} strokeDasharray={dash || undefined} strokeLinecap={round ? 'round' : 'butt'} />
      {end === 'arrow' ? <path d="M45,7L33,1L33,13Z" fill={stroke} /> : null}
      {end === 'dot' ? <circle cx="40" cy="7" r="4.5" fill={stroke} /> : null}
      {end === 'diamond' ? <path d="M40,1L46,7L40,13L34,7Z" fill={stroke} /> : null}
      {end === 'square' ? <path d="M35,2H45V12H35Z" fill={stroke} /> : null}
      {end === 'open' ? <circle cx="40" cy="7" r="4.5" fill="#fff" stroke={stroke} strokeWidth="2.5" /> : null}
      {end === 'cross' ? <path d="M35,2L45,12M35,12L45,2" stroke="var(--danger)" strokeWidth="3.5" strokeLinecap="round" /> : null}
    </svg>
  );
  return (
    <ul className="spacetime-legend" aria-label="Legend">
      {ui.legend.lines.map(({ style, label }) => (
        <li key={label}>
          {sample(style.color, style.width, style.dash, style.head, style.response && style.dash !== '')}
          {label}
        </li>
      ))}
      <li>{sample('var(--ink-soft)', 2, '7 5', 'open')}in flight</li>
      <li>{sample('var(--ink-soft)', 2, '7 5', 'cross')}lost</li>
    </ul>
  );
}
