import { dispatch } from '../../session/commands';
import { serverName } from '../../lib/format';
import { useSampled } from '../../lib/sampling';
import type { InFlightMessage } from '../../store/types';
import { linkDirection } from './lookup';

/** A link in the inspector: its two directions, the messages on them, buttons to cut and restore it. */
export function LinkPanel({ from, to }: { from: number; to: number }) {
  const links = useSampled((s) => s.links, 100);
  const inFlight = useSampled((s) => s.inFlight, 100);
  const a = serverName(from);
  const b = serverName(to);
  const forward = linkDirection(links, from, to);
  const backward = linkDirection(links, to, from);
  const count = (x: number, y: number) => inFlight.filter((m: InFlightMessage) => m.from === x && m.to === y).length;
  const partitioned = forward === 'partitioned' || backward === 'partitioned';
  return (
    <div className="inspector-link-panel">
      <div className="inspector-heading">
        <h3 className="inspector-name">
          Link {a} ↔ {b}
        </h3>
      </div>
      <table className="inspector-table">
        <thead>
          <tr>
            <th scope="col">Direction</th>
            <th scope="col">State</th>
            <th scope="col">In flight</th>
          </tr>
        </thead>
        <tbody>
          <DirectionRow label={`${a} → ${b}`} state={forward} count={count(from, to)} />
          <DirectionRow label={`${b} → ${a}`} state={backward} count={count(to, from)} />
        </tbody>
      </table>
      <div className="inspector-actions" role="group" aria-label="Cut or restore this link">
        <button type="button" className="inspector-button" disabled={forward !== 'up'} onClick={() => dispatch('cutLink', from, to, true)}>
          Cut {a} ⇸ {b} only
        </button>
        <button type="button" className="inspector-button inspector-button--danger" disabled={forward !== 'up' && backward !== 'up'} onClick={() => dispatch('cutLink', from, to, false)}>
          Cut both ways
        </button>
        <button type="button" className="inspector-button" disabled={forward !== 'cut'} onClick={() => dispatch('restoreLink', from, to, true)}>
          Restore {a} → {b}
        </button>
        <button type="button" className="inspector-button inspector-button--primary" disabled={forward !== 'cut' && backward !== 'cut'} onClick={() => dispatch('restoreLink', from, to, false)}>
          Restore both ways
        </button>
      </div>
      {partitioned ? (
        <p className="inspector-note">
          A partition separates {a} and {b}.{' '}
          <button type="button" className="inspector-link" onClick={() => dispatch('heal')}>
            Heal the network
          </button>{' '}
          to join them again.
        </p>
      ) : null}
      <p className="inspector-muted">A cut link loses every message sent over it, including those already on their way.</p>
    </div>
  );
}

function DirectionRow({ label, state, count }: { label: string; state: ReturnType<typeof linkDirection>; count: number }) {
  const text = state === 'up' ? '✓ working' : state === 'cut' ? '✂ cut' : '✂ partitioned';
  return (
    <tr>
      <th scope="row">{label}</th>
      <td className={`inspector-linkstate inspector-linkstate--${state}`}>{text}</td>
      <td>{count}</td>
    </tr>
  );
}
