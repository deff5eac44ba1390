import { memo } from 'react';
import { NodeToolbar, Position } from '@xyflow/react';
import { nodeCommands } from '../../commands/dispatch';
import { useProtocolUi } from '../../protocols/registry';
import { dispatch } from '../../session/commands';
import { useSim } from '../../store/store';
import type { ToolbarPlacement } from './flow-types';

const SIDES = { top: Position.Top, bottom: Position.Bottom, left: Position.Left, right: Position.Right } as const;

/**
 * The selected node's actions, in a toolbar that does not scale with the view (always
 * readable). It opens towards the middle of the picture so it never leaves the view. Which
 * actions: the node commands with a bar label (the page's crash or restart, then the
 * protocol's: Raft's "Time out" and "Client write") that fit the node now.
 */
function NodeActionsImpl({ id, up, placement }: { id: number; up: boolean; placement: ToolbarPlacement }) {
  const ui = useProtocolUi();
  const node = useSim((s) => s.nodes.find((n) => n.id === id));
  const shown = nodeCommands(ui.commands).filter(
    (c) =>
      c.bar !== undefined &&
      (c.when ? c.when === (up ? 'up' : 'down') && (node === undefined || (c.enabled?.(node) ?? true)) : node !== undefined && (c.enabled?.(node) ?? true)),
  );
  return (
    <NodeToolbar
      isVisible
      position={SIDES[placement.side]}
      align={placement.align}
      offset={4}
      className={`cv-actions${placement.side === 'left' || placement.side === 'right' ? ' cv-actions-column' : ''}`}
    >
      {shown.map((c) => (
        <button key={c.id} type="button" className={`cv-action${c.tone === 'danger' ? ' cv-action-danger' : ''}`} onClick={() => dispatch(c.id, id)} title={c.title}>
          {c.bar}
        </button>
      ))}
    </NodeToolbar>
  );
}

export const NodeActions = memo(NodeActionsImpl);
