import type { Node } from '@xyflow/react';

/** The data xyflow carries for a node: only which node. */
export type ClusterFlowNode = Node<{ nodeId: number }, 'node'>;
