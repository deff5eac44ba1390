import { getProtocolIfKnown } from '../../../engine/protocols/registry';
import { dispatch } from '../../session/commands';
import { useSim } from '../../store/store';
import type { NodeState } from '../../store/types';

/**
 * The node's pause and byzantine faults in words (a badge each: a glyph and a word, never colour
 * alone), for the inspector's heading.
 */
export function NodeFaultBadges({ node }: { node: NodeState }) {
  return (
    <>
      {node.up && node.paused ? (
        <span className="inspector-role inspector-role--paused" title="Frozen: what reaches it waits for the resume">
          <span aria-hidden="true">❄</span> paused{node.held ? `, ${node.held} waiting` : ''}
        </span>
      ) : null}
      {node.up && node.slowUs ? (
        <span className="inspector-role inspector-role--paused" title="Slow: what reaches it waits before it is handled; its timers fire on time">
          <span aria-hidden="true">◔</span> slow, +{node.slowUs / 1000} ms
        </span>
      ) : null}
      {node.byzantine ? (
        <span className="inspector-role inspector-role--byzantine" title={`Lies by the policy "${node.byzantine}"`}>
          <span aria-hidden="true">⚠</span> byzantine: {node.byzantine}
        </span>
      ) : null}
    </>
  );
}

/**
 * "Byzantine" choice: honest, or one of the policies the running protocol declares
 * (`Protocol.byzantine`). Absent for protocols that declare none (Raft is not BFT).
 */
export function ByzantineChoice({ node }: { node: NodeState }) {
  const protocol = useSim((s) => s.protocol);
  const policies = getProtocolIfKnown(protocol)?.byzantine?.policies;
  if (!policies || Object.keys(policies).length === 0) return null;
  const id = `byzantine-${node.id}`;
  return (
    <div className="inspector-byzantine">
      <label htmlFor={id}>Byzantine</label>
      <select
        id={id}
        value={node.byzantine ?? ''}
        onChange={(e) => dispatch('byzantine', node.id, e.target.value === '' ? null : e.target.value)}
      >
        <option value="">honest</option>
        {Object.entries(policies).map(([name, p]) => (
          <option key={name} value={name} title={p.summary}>
            {p.title} ({name})
          </option>
        ))}
      </select>
      {node.byzantine && Object.hasOwn(policies, node.byzantine) ? <span className="inspector-muted">{policies[node.byzantine]!.summary}</span> : null}
    </div>
  );
}

/** Receive delays the "Slow" choice offers, in ms (a CPU-starved or GC-thrashing process). */
const SLOW_DELAYS_MS = [100, 300, 600, 1000, 1500, 3000];

/**
 * "Slow" choice, for every protocol: at speed, or every message that reaches the node waits a
 * delay before its handler runs while its timers fire on time (engine/kernel/node-host.ts).
 */
export function SlowChoice({ node }: { node: NodeState }) {
  const id = `slow-${node.id}`;
  const ms = (node.slowUs ?? 0) / 1000;
  const options = SLOW_DELAYS_MS.includes(ms) || ms === 0 ? SLOW_DELAYS_MS : [...SLOW_DELAYS_MS, ms].sort((a, b) => a - b);
  return (
    <div className="inspector-byzantine">
      <label htmlFor={id}>Slow</label>
      <select id={id} value={ms} onChange={(e) => dispatch('slow', node.id, Number(e.target.value))}>
        <option value={0}>at speed</option>
        {options.map((d) => (
          <option key={d} value={d}>
            handles messages {d} ms late
          </option>
        ))}
      </select>
      {ms > 0 ? <span className="inspector-muted">Its timers fire on time; what it receives waits {ms} ms (a CPU-starved process).</span> : null}
    </div>
  );
}
