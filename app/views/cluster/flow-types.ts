import type { Edge, Node } from '@xyflow/react';

/** Where a node's action bar opens: towards the middle of the picture, so it stays inside. */
export interface ToolbarPlacement {
  side: 'top' | 'bottom' | 'left' | 'right';
  align: 'start' | 'center' | 'end';
}

/** The data xyflow carries for a node: only which node, and where its action bar opens. */
export type ClusterFlowNode = Node<{ nodeId: number; toolbar: ToolbarPlacement }, 'node'>;
/** One edge per unordered pair of nodes (a < b). */
export type LinkFlowEdge = Edge<{ a: number; b: number; dense: boolean }, 'link'>;
