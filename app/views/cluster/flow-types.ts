import type { Edge, Node } from '@xyflow/react';

/** The data xyflow carries for a node: only which node. */
export type ClusterFlowNode = Node<{ nodeId: number }, 'node'>;
/** One edge per unordered pair of nodes (a < b). */
export type LinkFlowEdge = Edge<{ a: number; b: number; dense: boolean }, 'link'>;
