import { murmur32 } from './hash';
import type { PlacementScheme } from './scheme';

/**
 * Consistent hashing (Karger et al., STOC 1997) with virtual nodes, as in Dynamo §4.2 and
 * Ketama: each member is hashed to `vnodes` points ("S3#0", "S3#1", ...) on a ring of 2^32
 * positions; a key belongs to the first point clockwise from its own hash. Adding a member takes
 * about K/(N+1) keys, from every other member's arcs (with enough virtual nodes); more virtual
 * nodes narrow the spread of the arcs and so the load imbalance, roughly as 1/sqrt(vnodes).
 */
export interface RingPoint {
  /** Position on the ring, 0 .. 2^32-1. */
  readonly position: number;
  /** Index into the members list. */
  readonly member: number;
  /** Which of the member's virtual nodes this is. */
  readonly vnode: number;
}

/** The ring's points in clockwise order (ties broken by member, then vnode, so it is total). */
export function buildRing(members: readonly string[], vnodes: number): RingPoint[] {
  const points: RingPoint[] = [];
  members.forEach((name, member) => {
    for (let vnode = 0; vnode < vnodes; vnode++) points.push({ position: murmur32(`${name}#${vnode}`), member, vnode });
  });
  points.sort((a, b) => a.position - b.position || a.member - b.member || a.vnode - b.vnode);
  return points;
}

/** Index of the first point at or clockwise after `position` (wraps to 0). */
export function successorIndex(points: readonly RingPoint[], position: number): number {
  let lo = 0;
  let hi = points.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (points[mid]!.position < position) lo = mid + 1;
    else hi = mid;
  }
  return lo === points.length ? 0 : lo;
}

/** The first `count` distinct members clockwise from `position`: a key's preference list (Dynamo §4.3). */
export function preferenceList(points: readonly RingPoint[], position: number, count: number): number[] {
  const out: number[] = [];
  if (points.length === 0) return out;
  const start = successorIndex(points, position);
  for (let i = 0; i < points.length && out.length < count; i++) {
    const member = points[(start + i) % points.length]!.member;
    if (!out.includes(member)) out.push(member);
  }
  return out;
}

export function consistentRing(vnodes: number): PlacementScheme {
  return {
    name: 'ring',
    title: `consistent hashing, ${vnodes} virtual node${vnodes === 1 ? '' : 's'} each`,
    assign(keys, members) {
      const points = buildRing(members, vnodes);
      if (points.length === 0) return keys.map(() => -1);
      return keys.map((key) => points[successorIndex(points, murmur32(key))]!.member);
    },
  };
}
