import { nodeName } from '../../../engine/kernel/topology';
import { describe, expect, it } from 'vitest';
import { fitRoom } from './useFitView';
import { legibility } from './legibility';
import { circleLayout, partitionBounds, partitionLayout, SPACING, type Point, type Room } from './layout';
import {
  clusterGesture,
  decideGesture,
  describeOutcome,
  groupCaption,
  groupOutline,
  groupsKey,
  JOIN_DISTANCE,
  parseGroupsKey,
  type Placed,
} from './partition-gesture';

const ids = (n: number) => Array.from({ length: n }, (_, i) => i);
const name = (id: number) => nodeName(null, id);

/** Nodes at their layout positions, then `moves` applied (ids -> new place). */
function scene(home: Map<number, Point>, moves: Record<number, Point> = {}, groups: number[][] | null = null): Placed[] {
  return [...home].map(([id, p]) => ({
    id,
    ...(moves[id] ?? p),
    home: p,
    homeGroup: groups ? groups.findIndex((g) => g.includes(id)) : 0,
  }));
}

describe('clusterGesture', () => {
  it('reads every untouched circle layout from 1 to 25 nodes as one group', () => {
    for (let n = 1; n <= 25; n++) expect(clusterGesture(scene(circleLayout(ids(n))))).toEqual([ids(n)]);
  });

  it('splits off a node dragged away from every other node', () => {
    const home = circleLayout(ids(5));
    const p = home.get(0)!;
    expect(clusterGesture(scene(home, { 0: { x: p.x, y: p.y - JOIN_DISTANCE * 1.2 } }))).toEqual([[0], [1, 2, 3, 4]]);
  });

  it('keeps a node with the others while it stays near one of them', () => {
    const home = circleLayout(ids(5));
    const p = home.get(1)!;
    expect(clusterGesture(scene(home, { 1: { x: p.x * 1.4, y: p.y * 1.4 } }))).toHaveLength(1);
  });

  it('keeps untouched nodes together even when the dragged ones leave a gap between them', () => {
    // On a pentagon, S2 S3 and S5 are not neighbours once S1 and S4 are gone.
    const home = circleLayout(ids(5));
    const moves = { 0: { x: -1000, y: 0 }, 3: { x: -1000, y: SPACING } };
    expect(clusterGesture(scene(home, moves))).toEqual([
      [0, 3],
      [1, 2, 4],
    ]);
  });

  it('puts a dragged node with the group it is dropped near', () => {
    const groups = [[0, 1], [2, 3, 4]];
    const home = partitionLayout(ids(5), groups, circleLayout(ids(5)), JOIN_DISTANCE * 1.2);
    const near3 = home.get(3)!;
    expect(clusterGesture(scene(home, { 1: { x: near3.x + 40, y: near3.y + 150 } }, groups))).toEqual([[0], [1, 2, 3, 4]]);
    // Dropped near the other group, everyone is together again: the network heals.
    const near0 = home.get(0)!;
    const all = { 2: near0, 3: { x: near0.x, y: near0.y + 200 }, 4: { x: near0.x + 200, y: near0.y + 200 } };
    expect(clusterGesture(scene(home, all, groups))).toEqual([ids(5)]);
  });

  it('is canonical: groups sorted inside and by their smallest id', () => {
    const home = new Map([
      [4, { x: 0, y: 0 }],
      [2, { x: 1000, y: 0 }],
      [0, { x: 10, y: 0 }],
      [3, { x: 1010, y: 0 }],
    ]);
    expect(clusterGesture(scene(home, {}, [[0, 4], [2, 3]]))).toEqual([
      [0, 4],
      [2, 3],
    ]);
  });

  it('agrees with partitionLayout: an automatic partition layout reads back as its groups after a touch', () => {
    const cases = [[[0, 1], [2, 3, 4]], [[0], [1, 2]], [[0, 2, 4], [1, 3]], [[0], [1], [2], [3, 4, 5, 6]], [[0, 5, 9], [1, 2, 3, 4, 6, 7, 8, 10, 11, 12, 13, 14]]];
    for (const groups of cases) {
      const all = groups.flat().sort((a, b) => a - b);
      const home = partitionLayout(all, groups, circleLayout(all), JOIN_DISTANCE * 1.2);
      // Every node moved a little: only distances decide, and they must say the same.
      const moves = Object.fromEntries([...home].map(([id, p]) => [id, { x: p.x + 30, y: p.y }]));
      expect(clusterGesture(scene(home, moves, groups))).toEqual(groups);
    }
  });
  it('in a projector-shaped room, pushes groups sideways so the picture fits, and still reads back as its groups', () => {
    // The cluster region at 1280x720 (836 x 250 px) at the legibility floor's zoom.
    const room: Room = fitRoom(836, 250, legibility(1, false).minZoom)!;
    const cases = [[[0, 1], [2, 3, 4]], [[0], [1, 2, 3, 4]], [[0, 1, 2], [3, 4]], [[0, 2, 4], [1, 3]], [[0], [1], [2, 3, 4]]];
    for (const groups of cases) {
      const all = groups.flat().sort((a, b) => a - b);
      const home = partitionLayout(all, groups, circleLayout(all), JOIN_DISTANCE * 1.2, room);
      const b = partitionBounds(home.values());
      expect(b.height, JSON.stringify(groups)).toBeLessThanOrEqual(room.height);
      expect(b.width, JSON.stringify(groups)).toBeLessThanOrEqual(room.width);
      const moves = Object.fromEntries([...home].map(([id, p]) => [id, { x: p.x + 30, y: p.y }]));
      expect(clusterGesture(scene(home, moves, groups))).toEqual(groups);
    }
    // Without a room (or in one tall enough) the push is straight outwards, as before.
    const tall: Room = { width: 4000, height: 4000 };
    const groups = [[0, 1], [2, 3, 4]];
    expect(partitionLayout(ids(5), groups, circleLayout(ids(5)), JOIN_DISTANCE * 1.2, tall)).toEqual(
      partitionLayout(ids(5), groups, circleLayout(ids(5)), JOIN_DISTANCE * 1.2),
    );
  });
});

describe('decideGesture', () => {
  it('partitions when the drag makes several groups', () => {
    expect(decideGesture([[1, 2, 3], [0]], null)).toEqual({ kind: 'partition', groups: [[0], [1, 2, 3]] });
  });

  it('does nothing when the groups are the partition already in force (in any order)', () => {
    expect(decideGesture([[0], [1, 2]], [[2, 1], [0]])).toEqual({ kind: 'none' });
  });

  it('re-partitions when the groups changed', () => {
    expect(decideGesture([[0, 1], [2]], [[0], [1, 2]])).toEqual({ kind: 'partition', groups: [[0, 1], [2]] });
  });

  it('heals when the nodes come back together', () => {
    expect(decideGesture([[0, 1, 2]], [[0], [1, 2]])).toEqual({ kind: 'heal' });
  });

  it('does nothing when a whole network stays whole', () => {
    expect(decideGesture([[0, 1, 2]], null)).toEqual({ kind: 'none' });
  });

  it('describes the release for the hint bar', () => {
    expect(describeOutcome({ kind: 'partition', groups: [[0], [1, 2]] }, name)).toBe('Release to partition: S1  |  S2 S3');
    expect(describeOutcome({ kind: 'heal' }, name)).toMatch(/heal/);
  });
});

describe('groups keys and captions', () => {
  it('round-trips a partition through its key; one group or none is no partition', () => {
    expect(groupsKey([[3, 1], [0, 2]])).toBe('0,2|1,3');
    expect(parseGroupsKey('0,2|1,3')).toEqual([
      [0, 2],
      [1, 3],
    ]);
    expect(groupsKey(null)).toBe('');
    expect(groupsKey([[0, 1, 2]])).toBe('');
    expect(parseGroupsKey('')).toBeNull();
  });

  it('says whether a group holds a majority', () => {
    expect(groupCaption(3, 5)).toBe('3 of 5: majority');
    expect(groupCaption(2, 4)).toBe('2 of 4: no majority');
  });

  it('outlines a group with a convex polygon enclosing every member by the padding', () => {
    const outline = groupOutline([{ x: 0, y: 0 }, { x: 200, y: 0 }], 50);
    const xs = outline.map((p) => p.x);
    const ys = outline.map((p) => p.y);
    expect(Math.min(...xs)).toBeCloseTo(-50, 0);
    expect(Math.max(...xs)).toBeCloseTo(250, 0);
    expect(Math.max(...ys)).toBeGreaterThan(45);
  });
});
