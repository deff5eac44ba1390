import { useShallow } from 'zustand/react/shallow';
import { formatMicros } from '../../../engine/kernel/time';
import { dispatch } from '../../session/commands';
import { useProtocolUi } from '../../protocols/registry';
import type { TimelineMarkerUi } from '../../protocols/ui';
import { useSim } from '../../store/store';
import type { TimelineMarker } from '../../store/types';
import './timeline.css';

/** The page's own marker: every action (the user's, a lesson's, the scenario's). */
const ACTION = { symbol: '▲', legend: 'actions' } as const;

/** The time at the bar's right end: the recorded run's. */
export const barEnd = (now: number, recordedUntil: number) => Math.max(recordedUntil, now, 1);

/**
 * The markers drawn on a bar ending at `end`, each at its own time (`left: at / end`) whatever
 * the time shown. A scenario's scripted actions later than the recorded end (Figure 8's restart
 * at 2.25 s seen at 0.74 s) have no place on the bar yet: drawn, they would sit past its right
 * end. Past 400, the protocol's minor marks step aside.
 */
export function markersOnBar(markers: readonly TimelineMarker[], end: number, minor: (kind: string) => boolean): TimelineMarker[] {
  const onBar = markers.filter((m) => m.at <= end);
  return onBar.length > 400 ? onBar.filter((m) => !minor(m.kind)) : onBar;
}

/**
 * The scrubber over the whole recorded history: drag or click to go back and forth in virtual
 * time; markers show the actions and what the protocol marks (Raft: elections, new leaders).
 * Going back replays from a checkpoint.
 */
export function Timeline() {
  const { now, recordedUntil, markers } = useSim(useShallow((s) => ({ now: s.now, recordedUntil: s.recordedUntil, markers: s.markers })));
  const ui = useProtocolUi();
  const kinds = new Map<string, TimelineMarkerUi>();
  for (const o of Object.values(ui.observations)) if (o.marker) kinds.set(o.marker.kind, o.marker);
  const end = barEnd(now, recordedUntil);
  const visible = markersOnBar(markers, end, (kind) => kinds.get(kind)?.minor === true);
  return (
    <div className="timeline">
      <input
        className="timeline-range"
        type="range"
        min={0}
        max={end}
        step={1000}
        value={now}
        aria-label="Virtual time"
        aria-valuetext={`${formatMicros(now)} of ${formatMicros(end)} recorded`}
        onChange={(e) => dispatch('seek', Number(e.target.value))}
        onKeyDown={(e) => {
          // Arrow keys belong to stepping; the slider is moved with the mouse or Home/End.
          if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') e.preventDefault();
        }}
      />
      <div className="timeline-markers" aria-hidden="true">
        {visible.map((m, i) => (
          <span
            key={`${m.at}-${i}`}
            className={`timeline-marker timeline-marker-${m.kind}`}
            style={{ left: `${(100 * m.at) / end}%` }}
            title={`${formatMicros(m.at)}: ${m.label}`}
          >
            {m.kind === 'action' ? ACTION.symbol : (kinds.get(m.kind)?.symbol ?? '•')}
          </span>
        ))}
      </div>
      <div className="timeline-legend">
        <span>
          {ACTION.symbol} {ACTION.legend}
        </span>
        {[...kinds.values()].map((k) => (
          <span key={k.kind}>
            {k.symbol} {k.legend}
          </span>
        ))}
        {now < recordedUntil && <strong className="timeline-past">Viewing the past: acting now forks a new future</strong>}
      </div>
    </div>
  );
}
