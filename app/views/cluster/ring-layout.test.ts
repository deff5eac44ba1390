import { describe, expect, it } from 'vitest';
import { circleLayout, kindsLayout, layoutBounds, NODE_H, RING_R, ringLayout, spacingFor, type Point, type Room } from './layout';
import { legibility } from './legibility';
import { fitRoom } from './useFitView';

/**
 * Issue 11: at 1280x720 the legibility floor's zoom cropped rings of seven or more nodes top and
 * bottom. The ring is fitted to the room the cluster region has at that zoom: every node's box
 * inside it, neighbours as far apart as on the circle, and the circle itself wherever it fits.
 */
const ids = (n: number) => Array.from({ length: n }, (_, i) => i);

/** The cluster region at 1280x720 as measured in Chromium (normal 836x248, presenter 854x247; hint bar or not). */
const ROOMS: Record<string, Room> = {
  'normal 1280x720': fitRoom(836, 248, legibility(1, false).minZoom)!,
  'presenter 1280x720': fitRoom(854, 247, legibility(1, true).minZoom, 14)!,
  'presenter with a lesson open': fitRoom(700, 247, legibility(1, true).minZoom, 14)!,
  'a square region': { width: 1400, height: 1400 },
  'a wide strip (6:1)': { width: 3600, height: 600 },
  'a tall region (1:2)': { width: 900, height: 1800 },
};

function inside(layout: ReadonlyMap<number, Point>, room: Room): boolean {
  const b = layoutBounds(layout.values());
  return b.height <= room.height && b.width <= room.width;
}

function clearOfEachOther(layout: ReadonlyMap<number, Point>): string[] {
  const pts = [...layout.values()];
  const clashes: string[] = [];
  for (let i = 0; i < pts.length; i++) {
    for (let j = i + 1; j < pts.length; j++) {
      const dx = Math.abs(pts[i]!.x - pts[j]!.x);
      const dy = Math.abs(pts[i]!.y - pts[j]!.y);
      // As cluster-model.test.ts asks of the circle: rings apart, a log strip clear of the next badge.
      if (Math.hypot(dx, dy) <= 2 * RING_R + 60 || (dx < 140 && dy < NODE_H - 26)) clashes.push(`${i},${j}`);
    }
  }
  return clashes;
}

describe('ringLayout: the ring fitted to the cluster region', () => {
  for (const [name, room] of Object.entries(ROOMS)) {
    it(`${name} (${room.width}x${room.height} flow units): every node's box inside, for 3 to 9 nodes`, () => {
      for (let n = 3; n <= 9; n++) {
        const l = ringLayout(ids(n), room);
        expect(l.size).toBe(n);
        const b = layoutBounds(l.values());
        expect(inside(l, room), `n=${n}: bounds ${Math.round(b.width)}x${Math.round(b.height)}`).toBe(true);
        expect(clearOfEachOther(l), `n=${n}`).toEqual([]);
        // Neighbours keep room for messages: on average nearly as far apart as on the circle
        // (they are spacingFor(n) apart along the ring; a chord across its ends is shorter).
        const pts = [...l.values()];
        const chords = pts.map((p, i) => Math.hypot(p.x - pts[(i + 1) % n]!.x, p.y - pts[(i + 1) % n]!.y));
        expect(chords.reduce((a, b) => a + b, 0) / n, `n=${n}: mean neighbour distance`).toBeGreaterThanOrEqual(0.9 * spacingFor(n));
      }
    });
  }

  it('the 1280x720 rooms really crop the circle from 7 nodes on (what this fixes), and 5 still fit', () => {
    for (const name of ['normal 1280x720', 'presenter 1280x720']) {
      const room = ROOMS[name]!;
      expect(inside(circleLayout(ids(5)), room), name).toBe(true);
      for (let n = 7; n <= 9; n++) expect(inside(circleLayout(ids(n)), room), `${name}, n=${n}`).toBe(false);
    }
  });

  it('is the circle wherever the circle fits: Raft’s five look as always', () => {
    for (const name of ['normal 1280x720', 'presenter 1280x720', 'presenter with a lesson open', 'a square region', 'a tall region (1:2)']) {
      expect(ringLayout(ids(5), ROOMS[name]!), name).toEqual(circleLayout(ids(5)));
    }
    for (let n = 1; n <= 12; n++) expect(ringLayout(ids(n), { width: 5000, height: 5000 })).toEqual(circleLayout(ids(n)));
    expect(ringLayout(ids(9), null)).toEqual(circleLayout(ids(9)));
  });

  it('a squeezed ring is an ellipse wider than tall, first node on top, symmetric left to right', () => {
    const l = ringLayout(ids(8), ROOMS['presenter 1280x720']!);
    const b = layoutBounds(l.values());
    expect(b.width).toBeGreaterThan(b.height);
    expect(l.get(0)!.x).toBe(0);
    expect(l.get(0)!.y).toBeLessThan(0);
    for (let i = 1; i < 8; i++) {
      expect(l.get(i)!.x).toBeCloseTo(-l.get(8 - i)!.x, 0);
      expect(l.get(i)!.y).toBeCloseTo(l.get(8 - i)!.y, 0);
    }
  });

  it('other kinds: columns wrap to the room, and everything fits (balancer: 4 servers, 2 balancers, 4 clients)', () => {
    const kindOf = (id: number) => (id < 4 ? 'server' : id < 6 ? 'balancer' : 'client');
    // Rooms as wide as a page's cluster region (a column of each kind beside the ring needs the width).
    for (const name of ['normal 1280x720', 'presenter 1280x720', 'presenter with a lesson open', 'a square region', 'a wide strip (6:1)']) {
      const room = ROOMS[name]!;
      const l = kindsLayout(ids(10), kindOf, 'server', room);
      expect(inside(l, room), name).toBe(true);
      expect(clearOfEachOther(l), name).toEqual([]);
      // Every client left of every balancer, every balancer left of every server.
      const xs = (from: number, to: number) => ids(10).slice(from, to).map((id) => l.get(id)!.x);
      expect(Math.max(...xs(6, 10)), name).toBeLessThan(Math.min(...xs(4, 6)));
      expect(Math.max(...xs(4, 6)), name).toBeLessThan(Math.min(...xs(0, 4)));
    }
    // Without a room (not measured yet): one column per kind, as before.
    const unwrapped = kindsLayout(ids(10), kindOf, 'server');
    expect(new Set([6, 7, 8, 9].map((id) => unwrapped.get(id)!.x)).size).toBe(1);
  });
});
