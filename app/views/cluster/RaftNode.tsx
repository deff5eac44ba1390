import { memo, useCallback, type KeyboardEvent, type ReactNode } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { useShallow } from 'zustand/react/shallow';
import { nodeName, useSim } from '../../store/store';
import { select } from '../../session/commands';
import { useClusterContext } from './cluster-context';
import type { RaftFlowNode } from './flow-types';
import { BallotIcon, CrossIcon, CrownIcon, FollowerIcon } from './icons';
import { DISC_R, NODE_H, NODE_W, RING_R } from './layout';
import { CommitIndex, LogStrip } from './LogStrip';
import { NodeActions } from './NodeActions';
import { detailLine, ROLE_TEXT, summarizeNode, type RoleName } from './node-summary';

const CX = NODE_W / 2;
const CY = NODE_H / 2;
/** Where the disc (and the button over it) sits in the node. */
const disc = { width: 2 * DISC_R, height: 2 * DISC_R, left: CX - DISC_R, top: CY - DISC_R };

const ROLE_ICON: Record<RoleName, (() => ReactNode) | null> = {
  leader: () => <CrownIcon size={18} />,
  candidate: () => <BallotIcon />,
  precandidate: () => <BallotIcon />,
  follower: () => <FollowerIcon />,
  down: () => <CrossIcon />,
  unknown: null,
};

/**
 * One server: a disc coloured by role with its name, term and vote, a role badge (text and
 * icon, never colour alone), the election timer as a shrinking ring (moved by the frame loop,
 * not by React) and the tail of its log. It re-renders only when what it shows changes.
 */
function RaftNodeImpl({ data }: NodeProps<RaftFlowNode>) {
  const id = data.nodeId;
  const { arcs } = useClusterContext();
  const s = useSim(useShallow((st) => summarizeNode(st.nodes.find((n) => n.id === id), nodeName, st.nodes.length)));
  const selected = useSim((st) => st.selection?.kind === 'node' && st.selection.id === id);
  const arcRef = useCallback(
    (el: SVGCircleElement | null) => {
      arcs.register(id, el);
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
  const icon = ROLE_ICON[s.role];
  return (
    <div className={`cv-node cv-role-${s.role}${selected ? ' cv-selected' : ''}`} style={{ width: NODE_W, height: NODE_H }}>
      <Handle type="source" id="c" position={Position.Top} className="cv-handle" isConnectable={false} />
      <Handle type="target" id="c" position={Position.Top} className="cv-handle" isConnectable={false} />
      <svg className="cv-node-rings" width={NODE_W} height={NODE_H} aria-hidden="true">
        <circle className="cv-timer-track" cx={CX} cy={CY} r={RING_R} />
        <circle
          ref={arcRef}
          className="cv-timer-arc"
          cx={CX}
          cy={CY}
          r={RING_R}
          pathLength={1}
          strokeDasharray="0 1"
          transform={`rotate(-90 ${CX} ${CY})`}
          style={{ visibility: 'hidden' }}
        />
        {selected && <circle className="cv-select-ring" cx={CX} cy={CY} r={RING_R + 11} />}
      </svg>
      <div className="cv-badge">
        {icon?.()}
        <span>{ROLE_TEXT[s.role]}</span>
      </div>
      {/* What the disc shows is for the eye; the button over it carries the same for every reader (its name). */}
      <div className="cv-disc" aria-hidden="true" style={disc}>
        <span className="cv-name">{s.name}</span>
        {s.term !== null && <span className="cv-term">term {s.term}</span>}
        {s.role === 'leader' ? <CommitIndex id={id} /> : <span className="cv-detail">{detailLine(s)}</span>}
      </div>
      {/*
       * A button without text of its own, over the disc: its accessible name ("S1, leader, term 3")
       * says role and term in words, while the disc's text stays live status (commit index, vote)
       * that need not be repeated in the name (WCAG 2.5.3 asks the name to contain a button's
       * visible text; this one has none).
       */}
      <div
        className="cv-disc-hit"
        role="button"
        tabIndex={0}
        aria-label={s.ariaLabel}
        aria-pressed={selected}
        title={s.ariaLabel}
        onKeyDown={onKeyDown}
        style={disc}
      />
      <LogStrip id={id} down={s.role === 'down'} />
      {selected && <NodeActions id={id} up={s.role !== 'down'} placement={data.toolbar} />}
    </div>
  );
}

export const RaftNode = memo(RaftNodeImpl);
