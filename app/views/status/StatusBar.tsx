import { useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { formatMicros } from '../../../engine/kernel/time';
import { nodeName, useSim } from '../../store/store';
import { useSession } from '../../session/session-context';
import { SpeedMeter, speedText } from './speed-meter';
import './status.css';

/** Always visible: virtual time, seed, the trace hash that proves a replay is exact. */
export function StatusBar() {
  const s = useSim(
    useShallow((st) => ({ now: st.now, seed: st.seed, hash: st.traceHash, events: st.eventCount, checking: st.checking, playing: st.playing, speed: st.speed })),
  );
  const meter = useRef<SpeedMeter | null>(null);
  meter.current ??= new SpeedMeter();
  const wallMs = performance.now();
  if (s.playing) meter.current.sample(wallMs, s.now);
  else meter.current.reset();
  return (
    <div className="status" role="status" aria-live="off">
      <span className="status-time" data-testid="virtual-time">
        t = {formatMicros(s.now)}
      </span>
      <span>seed {s.seed}</span>
      {s.checking ? (
        // A link's run is shown before its checks are done (a moment): say so rather than a hash.
        <span data-testid="trace-checking">checking the trace up to here…</span>
      ) : (
        <>
          <span>
            trace <code data-testid="trace-hash">{s.hash}</code>
          </span>
          <span>{s.events.toLocaleString('en')} events</span>
        </>
      )}
      <span data-testid="run-speed">{speedText(s.playing, s.speed, s.playing ? meter.current.speed(wallMs) : null)}</span>
    </div>
  );
}

/** The run stopped on a violated invariant: say which, and the event that broke it. */
export function ViolationBanner() {
  const violation = useSim((s) => s.violation);
  if (!violation) return null;
  const e = violation.event;
  return (
    <div className="violation" role="alert">
      <strong>Invariant violated: {violation.invariant}.</strong> {violation.message}
      {e && (
        <span>
          {' '}
          (at {formatMicros(e.at)}, {e.node >= 0 ? nodeName(e.node) : 'the environment'}, {e.kind} event)
        </span>
      )}
    </div>
  );
}

export function Notice() {
  const notice = useSim((s) => s.notice);
  const session = useSession();
  if (!notice) return null;
  return (
    <div className={`notice notice-${notice.tone}`} role={notice.tone === 'error' ? 'alert' : 'status'}>
      <span>{notice.text}</span>
      {notice.undo && session.canUndoFork() && (
        <button type="button" className="notice-undo" onClick={() => void session.undoFork()}>
          Undo
        </button>
      )}
      <button onClick={() => useSim.setState({ notice: null })} aria-label="Dismiss message">
        ×
      </button>
    </div>
  );
}
