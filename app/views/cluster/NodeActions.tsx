import { memo } from 'react';
import { NodeToolbar, Position } from '@xyflow/react';
import { commands } from '../../session/commands';
import type { ToolbarPlacement } from './flow-types';

const SIDES = { top: Position.Top, bottom: Position.Bottom, left: Position.Left, right: Position.Right } as const;

/**
 * The selected node's actions, in a toolbar that does not scale with the view (always
 * readable). It opens towards the middle of the picture so it never leaves the view.
 */
function NodeActionsImpl({ id, up, placement }: { id: number; up: boolean; placement: ToolbarPlacement }) {
  return (
    <NodeToolbar
      isVisible
      position={SIDES[placement.side]}
      align={placement.align}
      offset={4}
      className={`cv-actions${placement.side === 'left' || placement.side === 'right' ? ' cv-actions-column' : ''}`}
    >
      {up ? (
        <>
          <button type="button" className="cv-action cv-action-danger" onClick={() => commands.crash(id)} title="Crash this server (it keeps its term, vote and log)">
            Crash
          </button>
          <button type="button" className="cv-action" onClick={() => commands.forceTimeout(id)} title="Make its election timer fire now">
            Time out
          </button>
          <button type="button" className="cv-action" onClick={() => commands.clientWrite(id)} title="Send a client write to this server">
            Client write
          </button>
        </>
      ) : (
        <button type="button" className="cv-action" onClick={() => commands.restart(id)} title="Restart this server from its durable state">
          Restart
        </button>
      )}
    </NodeToolbar>
  );
}

export const NodeActions = memo(NodeActionsImpl);
