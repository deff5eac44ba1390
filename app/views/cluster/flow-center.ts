import type { InternalNode } from '@xyflow/react';
import { NODE_H, NODE_W, type Point } from './layout';

/**
 * Where xyflow draws a node's centre, in flow units: its absolute position (after the origin,
 * and clamped to the view's node extent, which the layout's own centres are not while the view
 * makes room during a drag) plus half its measured box. What is painted under or between the
 * nodes (links, timer rings, messages) follows this, so it stays on the discs. Pure.
 */
export function flowCenter(lookup: ReadonlyMap<string, InternalNode>, id: number): Point | undefined {
  const node = lookup.get(String(id));
  if (!node) return undefined;
  const p = node.internals.positionAbsolute;
  return { x: p.x + (node.measured.width ?? NODE_W) / 2, y: p.y + (node.measured.height ?? NODE_H) / 2 };
}

/** A string that changes whenever one of `ids`' drawn centres does (cheap to compare each frame). */
export function centersKey(lookup: ReadonlyMap<string, InternalNode>, ids: Iterable<number>): string {
  let key = '';
  for (const id of ids) {
    const node = lookup.get(String(id));
    const p = node?.internals.positionAbsolute;
    key += p ? `${p.x},${p.y},${node!.measured.width},${node!.measured.height};` : '-;';
  }
  return key;
}
