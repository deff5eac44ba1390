import { useShallow } from 'zustand/react/shallow';
import { dispatch, togglePlay } from '../../session/commands';
import { MAX_SPEED, MIN_SPEED } from '../../session/session';
import { LATENCY_CHOICES_US, LOSS_CHOICES } from '../../store/defaults';
import { useProtocolUi } from '../../protocols/registry';
import { useSim } from '../../store/store';
import './controls.css';

/** Speeds on a log scale: the slider's position p in [0, 100] maps to 0.01x .. 100x. */
const speedOf = (p: number) => MIN_SPEED * Math.pow(MAX_SPEED / MIN_SPEED, p / 100);
const positionOf = (speed: number) => (100 * Math.log(speed / MIN_SPEED)) / Math.log(MAX_SPEED / MIN_SPEED);

export function formatSpeed(speed: number): string {
  return speed >= 1 ? `${speed.toFixed(speed >= 10 ? 0 : 1)}×` : `${speed.toFixed(speed >= 0.1 ? 2 : 3)}×`;
}

/** The toolbar: time controls and the network-wide faults. */
export function Controls() {
  const { playing, speed, links, ready } = useSim(
    useShallow((s) => ({ playing: s.playing, speed: s.speed, links: s.links, ready: s.ready })),
  );
  const ui = useProtocolUi();
  const faulty = links.cuts.length > 0 || links.groups !== null;
  const latency = links.network.latencyUs;
  return (
    <div className="controls" role="toolbar" aria-label="Simulation controls">
      <div className="controls-group">
        <button className="controls-primary" onClick={togglePlay} disabled={!ready} aria-keyshortcuts="Space">
          {playing ? '❚❚ Pause' : '▶ Play'}
        </button>
        <button onClick={() => dispatch('stepOnce')} disabled={!ready} title="Deliver exactly the next message or fire the next timer" aria-keyshortcuts="ArrowRight">
          Step
        </button>
        <button onClick={() => dispatch('stepToInteresting')} disabled={!ready} title={`Run until ${ui.interestingText}`} aria-keyshortcuts="Shift+ArrowRight">
          Step to next ★
        </button>
        <label className="controls-speed">
          <span>Speed {formatSpeed(speed)}</span>
          <input
            type="range"
            min={0}
            max={100}
            step={1}
            value={Math.round(positionOf(speed))}
            onChange={(e) => dispatch('setSpeed', speedOf(Number(e.target.value)))}
            aria-valuetext={`${formatSpeed(speed)} real time`}
          />
        </label>
      </div>
      <div className="controls-group">
        <button onClick={() => dispatch('heal')} disabled={!ready || !faulty} title="Restore every cut link and end the partition">
          Heal network
        </button>
        {/* The protocol's commands on the whole cluster (Raft: + Server). */}
        {ui.commands.map((c) =>
          c.scope === 'cluster' ? (
            <button key={c.id} onClick={() => dispatch(c.id)} disabled={!ready} title={c.title}>
              {c.label}
            </button>
          ) : null,
        )}
        <label className="controls-number">
          <span>Latency (ms)</span>
          <select
            value={`${latency.min}-${latency.max}`}
            onChange={(e) => {
              const [min, max] = e.target.value.split('-').map(Number);
              dispatch('setNetwork', { latencyUs: { min: min!, max: max! } });
            }}
          >
            {LATENCY_CHOICES_US.map(([min, max]) => (
              <option key={min} value={`${min}-${max}`}>
                {min / 1000}–{max / 1000}
              </option>
            ))}
            {!LATENCY_CHOICES_US.some(([min, max]) => min === latency.min && max === latency.max) && (
              <option value={`${latency.min}-${latency.max}`}>
                {latency.min / 1000}–{latency.max / 1000}
              </option>
            )}
          </select>
        </label>
        <label className="controls-number">
          <span>Loss</span>
          <select value={String(links.network.lossRate)} onChange={(e) => dispatch('setNetwork', { lossRate: Number(e.target.value) })}>
            {LOSS_CHOICES.map((l) => (
              <option key={l} value={String(l)}>
                {Math.round(l * 100)}%
              </option>
            ))}
            {!LOSS_CHOICES.includes(links.network.lossRate) && <option value={String(links.network.lossRate)}>{Math.round(links.network.lossRate * 100)}%</option>}
          </select>
        </label>
      </div>
    </div>
  );
}
