import { kindOf, type TopologyLayout } from '../../../engine/kernel/topology';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { applyNodeChanges, type NodeChange, type OnNodeDrag } from '@xyflow/react';
import { useShallow } from 'zustand/react/shallow';
import { useSim } from '../../store/store';
import { dispatch } from '../../session/commands';
import type { ClusterFlowNode } from './flow-types';
import { kindsLayout, layoutBounds, partitionBounds, partitionLayout, type Point, type Rect, type Room } from './layout';
import { clusterGesture, decideGesture, groupsKey, JOIN_DISTANCE, parseGroupsKey, type GestureOutcome } from './partition-gesture';

/** Nodes of different groups sit at least this far apart (clearly beyond the joining distance). */
const GROUP_APART = JOIN_DISTANCE * 1.2;
const SETTLE_MS = 450;
/** If the network does not change within this long after a drag, the nodes settle back. */
const COMMAND_TIMEOUT_MS = 2500;

export interface NodeLayout {
  nodes: ClusterFlowNode[];
  /** Node centres, current every frame (the animation loop reads this). */
  centers: { readonly current: ReadonlyMap<number, Point> };
  /** What the view should fit: the settled layout, with room around it while dragging. */
  frame: { bounds: Rect; dragging: boolean };
  /** While dragging, the groups a release would make, and what it would do. */
  preview: { groups: number[][]; outcome: GestureOutcome } | null;
  /** The partition in force (null: the network is whole). */
  groups: number[][] | null;
  onNodesChange: (changes: NodeChange<ClusterFlowNode>[]) => void;
  onNodeDragStart: OnNodeDrag<ClusterFlowNode>;
  onNodeDragStop: OnNodeDrag<ClusterFlowNode>;
}

/**
 * The settled layout for the network as it is: one ring fitted to the room (and columns of other
 * kinds), or the circle exploded into its groups.
 */
function settledLayout(
  ids: readonly number[],
  groups: number[][] | null,
  current: ReadonlyMap<number, Point>,
  topology: TopologyLayout | null,
  room: Room | null,
): Map<number, Point> {
  if (!groups) return kindsLayout(ids, (id) => (topology ? kindOf(topology, id) : undefined), topology?.main ?? '', room);
  const inGroups = new Set(groups.flat());
  const rest = ids.filter((id) => !inGroups.has(id));
  const all = (rest.length > 0 ? [...groups, rest] : groups).map((g) => g.filter((id) => ids.includes(id))).filter((g) => g.length > 0);
  return partitionLayout(ids, all, current, GROUP_APART, room);
}

const easeInOut = (t: number) => (t < 0.5 ? 2 * t * t : 1 - (-2 * t + 2) ** 2 / 2);

/**
 * Where nodes are, and the drag-to-partition gesture. Nodes settle into the layout of the
 * network state (a ring fitted to the room the view has, fitRoom, or the circle pulled apart
 * into its groups); dragging shows the
 * groups a release would make; releasing partitions, heals, or lets the nodes settle back.
 */
export function useNodeLayout(reducedMotion: boolean, roomWidth: number | null, roomHeight: number | null): NodeLayout {
  // Two numbers rather than an object: the layout recomputes only when the room really changes.
  const room = useMemo(() => (roomWidth !== null && roomHeight !== null ? { width: roomWidth, height: roomHeight } : null), [roomWidth, roomHeight]);
  const ids = useSim(useShallow((s) => s.nodes.map((n) => n.id)));
  const gKey = useSim((s) => groupsKey(s.links.groups));
  const groups = useMemo(() => parseGroupsKey(gKey), [gKey]);
  const partitioned = groups !== null;
  const topology = useSim((s) => s.topology);

  const [nodes, setNodes] = useState<ClusterFlowNode[]>([]);
  const centers = useRef(new Map<number, Point>());
  const home = useRef(new Map<number, Point>());
  const [frame, setFrame] = useState<{ bounds: Rect; dragging: boolean }>({ bounds: layoutBounds([]), dragging: false });
  const [dragging, setDragging] = useState(false);
  const tween = useRef(0);
  const pending = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  /** Moves nodes to `target`, animated unless reduced motion; tells the view what to fit. */
  const settle = useCallback(
    (target: Map<number, Point>) => {
      cancelAnimationFrame(tween.current);
      clearTimeout(pending.current);
      home.current = target;
      const bounds = target.size > 0 && partitioned ? partitionBounds(target.values()) : layoutBounds(target.values());
      setFrame({ bounds, dragging: false });
      const apply = (pos: Map<number, Point>) => {
        centers.current = pos;
        setNodes((prev) => {
          const byId = new Map(prev.map((n) => [n.data.nodeId, n]));
          return [...target.keys()].map((id) => {
            const p = pos.get(id)!;
            const old = byId.get(id);
            if (old && old.position.x === p.x && old.position.y === p.y) return old;
            if (old) return { ...old, position: p };
            return { id: String(id), type: 'node', position: p, data: { nodeId: id }, deletable: false, selectable: false };
          });
        });
      };
      const from = new Map(centers.current);
      const moving = [...target].some(([id, p]) => {
        const q = from.get(id);
        return q !== undefined && (q.x !== p.x || q.y !== p.y);
      });
      if (reducedMotion || !moving) {
        apply(new Map(target));
        return;
      }
      const t0 = performance.now();
      const step = (t: number) => {
        const k = easeInOut(Math.min(1, (t - t0) / SETTLE_MS));
        const pos = new Map<number, Point>();
        for (const [id, p] of target) {
          const q = from.get(id) ?? p;
          pos.set(id, { x: q.x + (p.x - q.x) * k, y: q.y + (p.y - q.y) * k });
        }
        apply(pos);
        if (k < 1) tween.current = requestAnimationFrame(step);
      };
      tween.current = requestAnimationFrame(step);
    },
    [reducedMotion, partitioned],
  );

  // The network changed (or nodes came and went): settle into its layout.
  useEffect(() => {
    settle(settledLayout(ids, groups, centers.current, topology, room));
  }, [ids, groups, settle, topology, room]);

  useEffect(
    () => () => {
      cancelAnimationFrame(tween.current);
      clearTimeout(pending.current);
    },
    [],
  );

  const onNodesChange = useCallback((changes: NodeChange<ClusterFlowNode>[]) => {
    let moved: Map<number, Point> | null = null;
    for (const c of changes) {
      if (c.type === 'position' && c.position) {
        moved ??= new Map(centers.current);
        moved.set(Number(c.id), c.position);
      }
    }
    if (moved) centers.current = moved;
    setNodes((prev) => applyNodeChanges(changes, prev));
  }, []);

  const placed = useCallback(() => {
    const current = groups;
    return [...centers.current].map(([id, p]) => ({
      id,
      x: p.x,
      y: p.y,
      home: home.current.get(id) ?? p,
      homeGroup: current ? current.findIndex((g) => g.includes(id)) : 0,
    }));
  }, [groups]);

  const onNodeDragStart = useCallback<OnNodeDrag<ClusterFlowNode>>(() => {
    cancelAnimationFrame(tween.current);
    setDragging(true);
    setFrame((f) => ({ ...f, dragging: true }));
  }, []);

  const onNodeDragStop = useCallback<OnNodeDrag<ClusterFlowNode>>(() => {
    setDragging(false);
    const outcome = decideGesture(clusterGesture(placed()), groups);
    if (outcome.kind === 'none') {
      // Nothing changes: back to exactly where they were.
      settle(home.current.size === ids.length ? new Map(home.current) : settledLayout(ids, groups, centers.current, topology, room));
      return;
    }
    if (outcome.kind === 'partition') dispatch('partition', outcome.groups);
    else dispatch('partition', []); // ends the partition; links cut by hand stay cut
    // The store's new groups will settle the nodes; if they never come, settle back anyway.
    clearTimeout(pending.current);
    pending.current = setTimeout(() => settle(settledLayout(ids, groups, centers.current, topology, room)), COMMAND_TIMEOUT_MS);
  }, [placed, groups, ids, settle, topology, room]);

  const preview = useMemo(() => {
    if (!dragging) return null;
    const clusters = clusterGesture(placed());
    return { groups: clusters, outcome: decideGesture(clusters, groups) };
    // `nodes` changes on every drag step (placed() reads the positions it carries): it is what
    // makes the preview follow the pointer.
  }, [dragging, nodes, placed, groups]);

  return { nodes, centers, frame, preview, groups, onNodesChange, onNodeDragStart, onNodeDragStop };
}
