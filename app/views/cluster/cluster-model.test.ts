import { describe, expect, it } from 'vitest';
import { circleLayout, circleRadius, layoutBounds, partitionLayout, NODE_H, NODE_W, RING_R, SPACING, spacingFor } from './layout';
import { linkLabel, linkStatus } from './link-state';
import { createDisplayClock, MAX_EXTRAPOLATION_MS } from './virtual-clock';


describe('layout', () => {
  it('puts neighbours SPACING apart, the first on top', () => {
    const l = circleLayout([0, 1, 2, 3, 4]);
    const a = l.get(0)!;
    const b = l.get(1)!;
    expect(Math.hypot(a.x - b.x, a.y - b.y)).toBeCloseTo(SPACING, 0);
    expect(a.x).toBeCloseTo(0, 5);
    expect(a.y).toBeLessThan(0);
    expect(circleRadius(1)).toBe(0);
  });

  it('never lets node boxes overlap, 2 to 25 nodes', () => {
    for (let n = 2; n <= 25; n++) {
      const l = [...circleLayout(Array.from({ length: n }, (_, i) => i)).values()];
      for (let i = 0; i < n; i++) {
        for (let j = i + 1; j < n; j++) {
          const dx = Math.abs(l[i]!.x - l[j]!.x);
          const dy = Math.abs(l[i]!.y - l[j]!.y);
          // Rings keep room for messages between them...
          expect(Math.hypot(dx, dy), `n=${n} nodes ${i},${j}`).toBeGreaterThan(2 * RING_R + 60);
          // ...and one's log strip (about 160 wide, 26 high) never meets the next one's badge (about 120 wide).
          const stripMeetsBadge = dx < 140 && dy < NODE_H - 26;
          expect(stripMeetsBadge, `n=${n} nodes ${i},${j}`).toBe(false);
        }
      }
      expect(spacingFor(n)).toBeLessThanOrEqual(SPACING);
    }
  });

  it('pulls partition groups apart, keeping each group on its side of the picture', () => {
    const ids = [0, 1, 2, 3, 4];
    const circle = circleLayout(ids);
    // S1 and S4 were dragged to the left.
    const current = new Map(circle);
    current.set(0, { x: -700, y: 0 });
    current.set(3, { x: -700, y: 250 });
    const l = partitionLayout(ids, [[0, 3], [1, 2, 4]], current, 400);
    for (const a of [0, 3]) for (const b of [1, 2, 4]) expect(Math.hypot(l.get(a)!.x - l.get(b)!.x, l.get(a)!.y - l.get(b)!.y)).toBeGreaterThanOrEqual(400);
    expect(l.get(0)!.x).toBeLessThan(0);
    expect(l.get(3)!.x).toBeLessThan(0);
    // Members of a group stay neighbours.
    expect(Math.hypot(l.get(0)!.x - l.get(3)!.x, l.get(0)!.y - l.get(3)!.y)).toBeCloseTo(SPACING, 0);
    const b = layoutBounds(l.values());
    expect(b.width).toBeGreaterThan(400 + NODE_W);
  });
});

describe('linkStatus', () => {
  const links = (cuts: string[], groups: number[][] | null = null) => ({ cuts, groups });

  it('reads one-way and two-way cuts', () => {
    expect(linkStatus(links(['0>2']), 0, 2)).toEqual({ ab: true, ba: false, partitioned: false, cut: true });
    expect(linkStatus(links(['0>2']), 2, 0)).toEqual({ ab: false, ba: true, partitioned: false, cut: true });
    expect(linkStatus(links(['0>2', '2>0']), 0, 2)).toMatchObject({ ab: true, ba: true });
    expect(linkStatus(links([]), 0, 2)).toEqual({ ab: false, ba: false, partitioned: false, cut: false });
  });

  it('treats pairs across partition groups as cut both ways; nodes in no group share one', () => {
    expect(linkStatus(links([], [[0, 1], [2]]), 0, 2)).toMatchObject({ ab: true, ba: true, partitioned: true });
    expect(linkStatus(links([], [[0, 1], [2]]), 0, 1).partitioned).toBe(false);
    expect(linkStatus(links([], [[0]]), 1, 2).partitioned).toBe(false);
    expect(linkStatus(links([], [[0]]), 0, 2).partitioned).toBe(true);
  });

  it('names the link for assistive technology', () => {
    expect(linkLabel('S1', 'S3', linkStatus(links(['0>2']), 0, 2))).toBe('link S1 to S3, cut one way S1→S3');
    expect(linkLabel('S1', 'S3', linkStatus(links(['2>0']), 0, 2))).toBe('link S1 to S3, cut one way S3→S1');
    expect(linkLabel('S1', 'S3', linkStatus(links([]), 0, 2))).toBe('link S1 to S3, working');
  });
});

describe('display clock', () => {
  it('extrapolates while playing, capped, and follows seeks back', () => {
    const clock = createDisplayClock();
    expect(clock.read({ now: 1000, playing: true, speed: 1 }, 0)).toBe(1000);
    expect(clock.read({ now: 1000, playing: true, speed: 1 }, 10)).toBe(1000 + 10_000);
    expect(clock.read({ now: 1000, playing: true, speed: 1 }, 10_000)).toBe(1000 + MAX_EXTRAPOLATION_MS * 1000);
    // The session lags behind the estimate: hold, do not step back.
    expect(clock.read({ now: 5000, playing: true, speed: 1 }, 10_001)).toBe(1000 + MAX_EXTRAPOLATION_MS * 1000);
    // A seek backwards is followed at once.
    expect(clock.read({ now: 200, playing: false, speed: 1 }, 10_002)).toBe(200);
    expect(clock.read({ now: 200, playing: false, speed: 1 }, 20_000)).toBe(200);
  });
});
