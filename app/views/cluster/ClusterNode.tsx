import { memo, useCallback, useRef, type KeyboardEvent } from 'react';
import type { NodeProps } from '@xyflow/react';
import { useShallow } from 'zustand/react/shallow';
import { useProtocolUi } from '../../protocols/registry';
import { useSim } from '../../store/store';
import { select } from '../../session/selection';
import { useClusterContext } from './cluster-context';
import type { ClusterFlowNode } from './flow-types';
import { DISC_R, NODE_H, NODE_W, RING_R } from './layout';

const CX = NODE_W / 2;
const CY = NODE_H / 2;
/** Where the disc (and the button over it) sits in the node. */
const disc = { width: 2 * DISC_R, height: 2 * DISC_R, left: CX - DISC_R, top: CY - DISC_R };

/**
 * One node of any protocol: the shell draws what every node has (the ring of its protocol's
 * timer, shrinking, moved by the frame loop and not by React; the selection ring; a button over
 * the disc that selects it, named with the node's state as its protocol sees it; the action bar
 * is the cluster view's, NodeActions.tsx) and lets the protocol's `node.Body` fill the rest (badge, disc, strip below).
 * It re-renders only when the node's look changes.
 */
function ClusterNodeImpl({ data }: NodeProps<ClusterFlowNode>) {
  const id = data.nodeId;
  const ui = useProtocolUi();
  const { arcs } = useClusterContext();
  const look = useSim(useShallow((st) => ui.node.look(st.nodes.find((n) => n.id === id), st.nodes)));
  const selected = useSim((st) => st.selection?.kind === 'node' && st.selection.id === id);
  // The kernel's faults, the same for every protocol: frozen by a pause, lying by a policy.
  const fault = useSim(
    useShallow((st) => {
      const n = st.nodes.find((x) => x.id === id);
      return { paused: n?.up === true && n.paused === true, held: n?.held ?? 0, byzantine: n?.byzantine ?? null, slowMs: n?.up === true && n.slowUs ? n.slowUs / 1000 : 0 };
    }),
  );
  const label = `${look.label}${fault.paused ? `, paused (${fault.held} waiting)` : ''}${fault.byzantine ? `, byzantine (${fault.byzantine})` : ''}${fault.slowMs ? `, slow (handles messages ${fault.slowMs} ms late)` : ''}`;
  // Track and arc are painted on the view's canvas under the nodes (timer-arcs.ts); hidden SVG
  // circles carry their looks from the style sheets.
  const arcStyle = useRef<SVGCircleElement | null>(null);
  const trackStyle = useRef<SVGCircleElement | null>(null);
  const boxRef = useCallback(
    (box: HTMLDivElement | null) => {
      if (!box || !arcStyle.current || !trackStyle.current) return;
      arcs.register(id, { box, style: arcStyle.current, track: trackStyle.current });
      return () => arcs.register(id, null);
    },
    [arcs, id],
  );
  const onKeyDown = useCallback(
    (e: KeyboardEvent) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        select({ kind: 'node', id });
      } else if (e.key === 'Escape' && selected) {
        select(null);
      }
    },
    [id, selected],
  );
  const Body = ui.node.Body;
  return (
    <div
      ref={ui.node.ringTimer !== null ? boxRef : undefined}
      className={`cv-node cv-role-${look.tone}${selected ? ' cv-selected' : ''}${fault.paused ? ' cv-paused' : ''}${fault.byzantine ? ' cv-byzantine' : ''}`}
      style={{ width: NODE_W, height: NODE_H }}
    >
      <svg className="cv-node-rings" width={NODE_W} height={NODE_H} aria-hidden="true">
        {ui.node.ringTimer !== null && (
          <>
            <circle ref={trackStyle} className="cv-timer-track" cx={CX} cy={CY} r={RING_R} style={{ visibility: 'hidden' }} />
            <circle ref={arcStyle} className="cv-timer-arc" cx={CX} cy={CY} r={RING_R} style={{ visibility: 'hidden' }} />
          </>
        )}
        {selected && <circle className="cv-select-ring" cx={CX} cy={CY} r={RING_R + 11} />}
      </svg>
      <Body id={id} look={look} disc={disc} />
      {(fault.paused || fault.byzantine || fault.slowMs > 0) && (
        <div className="cv-fault-badges" aria-hidden="true">
          {fault.paused && (
            <span className="cv-fault cv-fault-paused" title="Paused: frozen, memory intact; what reaches it waits">
              ❄ paused
            </span>
          )}
          {fault.slowMs > 0 && (
            <span className="cv-fault cv-fault-paused" title={`Slow: what reaches it waits ${fault.slowMs} ms`}>
              ◔ slow
            </span>
          )}
          {fault.byzantine && (
            <span className="cv-fault cv-fault-byzantine" title={`Byzantine: lies by "${fault.byzantine}"`}>
              ⚠ byzantine
            </span>
          )}
        </div>
      )}
      {/*
       * A button without text of its own, over the disc: its accessible name ("S1, leader, term 3")
       * says the node's state in words, while the disc's text stays live status that need not be
       * repeated in the name (WCAG 2.5.3 asks the name to contain a button's visible text; this
       * one has none).
       */}
      <div
        className="cv-disc-hit"
        role="button"
        tabIndex={0}
        aria-label={label}
        aria-pressed={selected}
        title={label}
        onKeyDown={onKeyDown}
        style={disc}
      />
    </div>
  );
}

export const ClusterNode = memo(ClusterNodeImpl);
