import { polygonHull } from 'd3';
import { SPACING, type Point } from './layout';

/**
 * "Drag nodes apart to partition the network": a grouping a teacher can predict.
 *
 * - Nodes you did not move stay together with the nodes they were grouped with before.
 * - A node you moved joins every node whose centre is closer than JOIN_DISTANCE (about one and
 *   a third times the gap between neighbours on the circle); groups are what these links
 *   connect (single linkage).
 *
 * So pulling S1 well away from everyone makes {S1} a group; dropping it near S4 puts it with
 * S4's group. While dragging, the view outlines the groups this rule would make.
 */
export const JOIN_DISTANCE = SPACING * 1.35;
/** Further than this from where the layout put it, a node counts as moved. */
export const MOVED_DISTANCE = 24;

export interface Placed extends Point {
  id: number;
  /** Where the layout put it, and the group it is in now (any one number when unpartitioned). */
  home: Point;
  homeGroup: number;
}

/** Groups of ids (each sorted), ordered by their smallest id: a canonical form. */
export function clusterGesture(points: readonly Placed[], threshold = JOIN_DISTANCE): number[][] {
  const parent = points.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  const moved = points.map((p) => Math.hypot(p.x - p.home.x, p.y - p.home.y) > MOVED_DISTANCE);
  const limit = threshold * threshold;
  for (let i = 0; i < points.length; i++) {
    for (let j = i + 1; j < points.length; j++) {
      const a = points[i]!;
      const b = points[j]!;
      const stayed = !moved[i] && !moved[j] && a.homeGroup === b.homeGroup;
      const near = (a.x - b.x) ** 2 + (a.y - b.y) ** 2 < limit;
      if (stayed || near) parent[find(i)] = find(j);
    }
  }
  const byRoot = new Map<number, number[]>();
  points.forEach((p, i) => {
    const root = find(i);
    const list = byRoot.get(root) ?? [];
    list.push(p.id);
    byRoot.set(root, list);
  });
  return normalizeGroups([...byRoot.values()]);
}

export function normalizeGroups(groups: readonly (readonly number[])[]): number[][] {
  return groups
    .filter((g) => g.length > 0)
    .map((g) => [...g].sort((a, b) => a - b))
    .sort((a, b) => a[0]! - b[0]!);
}

/** A stable text form of a partition ('' for none): zustand selectors return it, not arrays. */
export function groupsKey(groups: readonly (readonly number[])[] | null): string {
  if (!groups || groups.length <= 1) return '';
  return normalizeGroups(groups)
    .map((g) => g.join(','))
    .join('|');
}

export function parseGroupsKey(key: string): number[][] | null {
  if (key === '') return null;
  return key.split('|').map((g) => g.split(',').map(Number));
}

export type GestureOutcome =
  | { kind: 'partition'; groups: number[][] }
  | { kind: 'heal' }
  /** Nothing changes: the caller puts nodes back where the network state says they belong. */
  | { kind: 'none' };

/**
 * What releasing the drag means. Apart into several groups: partition (unless that is the
 * partition already in force). Back into one group while partitioned: heal.
 */
export function decideGesture(clusters: readonly (readonly number[])[], current: readonly (readonly number[])[] | null): GestureOutcome {
  const next = groupsKey(clusters);
  const now = groupsKey(current);
  if (next === now) return { kind: 'none' };
  if (next === '') return { kind: 'heal' };
  return { kind: 'partition', groups: normalizeGroups(clusters) };
}

/** A one-line description of the release, for the hint bar while dragging. */
export function describeOutcome(outcome: GestureOutcome, nameOf: (id: number) => string): string {
  switch (outcome.kind) {
    case 'partition':
      return `Release to partition: ${outcome.groups.map((g) => g.map(nameOf).join(' ')).join('  |  ')}`;
    case 'heal':
      return 'Release to heal: every node can reach every other again';
    case 'none':
      return 'Release: no change to the network';
  }
}

/** Majority wording for a group's outline: can it elect a leader on its own? */
export function groupCaption(size: number, total: number): string {
  const majority = size > total / 2;
  return `${size} of ${total}: ${majority ? 'majority' : 'no majority'}`;
}

/**
 * The outline around a group: the convex hull of a circle of radius `pad` around each member,
 * sampled at `steps` points. Returns the polygon's corners (a single node gives its circle).
 */
export function groupOutline(points: readonly Point[], pad: number, steps = 24): Point[] {
  const samples: [number, number][] = [];
  for (const p of points) {
    for (let k = 0; k < steps; k++) {
      const a = (2 * Math.PI * k) / steps;
      samples.push([p.x + pad * Math.cos(a), p.y + pad * Math.sin(a)]);
    }
  }
  const hull = polygonHull(samples) ?? samples;
  return hull.map(([x, y]) => ({ x, y }));
}
