/**
 * Where nodes sit, in flow coordinates (xyflow's unscaled space; the view is fitted to the
 * container afterwards). Pure: no React, no DOM. Node positions are centres (nodeOrigin 0.5).
 */

export interface Point {
  x: number;
  y: number;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A node's box: role badge on top, the disc in the middle, the log strip below. */
export const NODE_W = 172;
export const NODE_H = 204;
/** The disc, and the ring the election timer is drawn on, around the box centre. */
export const DISC_R = 58;
export const RING_R = 67;
/** Centre-to-centre distance of neighbours on the circle: room for messages between them. */
export const SPACING = 260;
/** With many nodes they sit closer (boxes still never overlap), so each one is drawn larger. */
export const SPACING_DENSE = 226;

export function spacingFor(n: number): number {
  if (n <= 7) return SPACING;
  if (n >= 12) return SPACING_DENSE;
  return SPACING - ((SPACING - SPACING_DENSE) * (n - 7)) / 5;
}

/** Radius of a circle on which `n` nodes sit spacingFor(n) apart (0 for one node). */
export function circleRadius(n: number): number {
  if (n <= 1) return 0;
  return spacingFor(n) / (2 * Math.sin(Math.PI / n));
}

/** Nodes clockwise from the top (two nodes side by side: a projector is wider than tall). */
export function circleLayout(ids: readonly number[], center: Point = { x: 0, y: 0 }): Map<number, Point> {
  const out = new Map<number, Point>();
  const n = ids.length;
  const r = circleRadius(n);
  const start = n === 2 ? Math.PI : -Math.PI / 2;
  ids.forEach((id, i) => {
    const angle = start + (2 * Math.PI * i) / n;
    out.set(id, { x: round(center.x + r * Math.cos(angle)), y: round(center.y + r * Math.sin(angle)) });
  });
  return out;
}

/**
 * The room the picture may take, in flow units: the cluster region's size on screen divided by
 * the legibility floor's zoom (legibility.ts). A picture that fits in it is drawn with readable
 * names and is not cropped; one that does not is cropped by useFitView.
 */
export interface Room {
  width: number;
  height: number;
}

/** Neighbours' rings keep room for messages between them (as on the circle, 2 to 25 nodes). */
const MIN_APART = 2 * RING_R + 60;
/** One node's log strip (about 140 wide, 26 high) never meets the next one's badge. */
const STRIP_CLEAR_X = 140;
const STRIP_CLEAR_Y = NODE_H - 26;
/** An ellipse flatter than this puts the top and bottom nodes' boxes on each other: crop instead. */
const MIN_SEMI_Y = Math.ceil(NODE_H / 2) + 12;

/**
 * The ring of `ids`, fitted to `room` (issue 11: at 1280x720 the legibility floor's zoom cropped
 * SWIM's eight members top and bottom). The circle when it fits the room's height, or when there
 * is no room to fit (not measured yet); otherwise an ellipse exactly as tall as the room allows
 * and only as wide as its nodes need to stay as far apart as on the circle, nodes at equal steps
 * of arc, clockwise from the top. The cluster region of a projector is much wider than tall.
 */
export function ringLayout(ids: readonly number[], room: Room | null = null, center: Point = { x: 0, y: 0 }): Map<number, Point> {
  const n = ids.length;
  if (room === null || n <= 2) return circleLayout(ids, center);
  const points = squeezedRing(n, Math.floor(room.height));
  if (points === null) return circleLayout(ids, center);
  const out = new Map<number, Point>();
  ids.forEach((id, i) => out.set(id, { x: round(center.x + points[i]!.x), y: round(center.y + points[i]!.y) }));
  return out;
}

/** Squeezed rings already worked out, by node count and room height (a resize asks again and again). */
const squeezed = new Map<string, Point[] | null>();

/** The ring of `n` as an ellipse that fits `height`, or null if the circle fits it. */
function squeezedRing(n: number, height: number): Point[] | null {
  const key = `${n}:${height}`;
  const known = squeezed.get(key);
  if (known !== undefined) return known;
  const r = circleRadius(n);
  // A flow unit short of the room's height: positions are rounded to 0.1.
  const fits = (points: readonly Point[]) => spanY(points) + NODE_H <= height - 1;
  let result: Point[] | null = null;
  if (!fits(ellipsePoints(n, r, r).points)) {
    // As tall as the room allows. An odd ring's lowest nodes sit above the ellipse's bottom,
    // so search between the height that fits any ring and the circle's.
    let lo = Math.max(MIN_SEMI_Y, Math.floor((height - NODE_H) / 2));
    let hi = Math.ceil(r);
    result = narrowestEllipse(n, r, lo);
    while (result !== null && hi - lo > 2) {
      const mid = Math.floor((lo + hi) / 2);
      const points = narrowestEllipse(n, r, mid);
      if (points !== null && fits(points)) {
        lo = mid;
        result = points;
      } else hi = mid;
    }
  }
  if (squeezed.size > 200) squeezed.clear();
  squeezed.set(key, result);
  return result;
}

/**
 * The narrowest ellipse `semiY` tall (at least the circle's width) on which the ring's nodes
 * are spacingFor(n) apart along the ring, as on the circle, and every pair is clear.
 */
function narrowestEllipse(n: number, r: number, semiY: number): Point[] | null {
  const spacing = spacingFor(n);
  const ok = (semiX: number) => {
    const { points, perimeter } = ellipsePoints(n, semiX, semiY);
    return perimeter / n >= spacing && clearOfEachOther(points);
  };
  // Coarse steps out, then fine steps back while it still holds. None within reach (a room
  // too low for any ellipse): null, and the circle is drawn, cropped.
  let semiX = r;
  while (!ok(semiX)) {
    semiX += 16;
    if (semiX > 4 * r) return null;
  }
  while (semiX - 2 > r && ok(semiX - 2)) semiX -= 2;
  return ellipsePoints(n, semiX, semiY).points;
}

function spanY(points: readonly Point[]): number {
  const ys = points.map((p) => p.y);
  return Math.max(...ys) - Math.min(...ys);
}

/** `n` points on the ellipse at equal steps of arc length, the first on top, clockwise. */
function ellipsePoints(n: number, semiX: number, semiY: number): { points: Point[]; perimeter: number } {
  const SAMPLES = 512;
  const at = (t: number) => ({ x: semiX * Math.cos(t), y: semiY * Math.sin(t) });
  const start = -Math.PI / 2;
  // Cumulative arc length along the ellipse, sampled finely (the ellipse has no closed form).
  const lengths = [0];
  let prev = at(start);
  for (let k = 1; k <= SAMPLES; k++) {
    const p = at(start + (2 * Math.PI * k) / SAMPLES);
    lengths.push(lengths[k - 1]! + Math.hypot(p.x - prev.x, p.y - prev.y));
    prev = p;
  }
  const total = lengths[SAMPLES]!;
  const out: Point[] = [];
  let k = 0;
  for (let i = 0; i < n; i++) {
    const s = (total * i) / n;
    while (lengths[k + 1]! < s) k++;
    const f = (s - lengths[k]!) / (lengths[k + 1]! - lengths[k]!);
    out.push(at(start + (2 * Math.PI * (k + f)) / SAMPLES));
  }
  return { points: out, perimeter: total };
}

/** Every pair as clear of each other as on the circle (cluster-model.test.ts). */
function clearOfEachOther(points: readonly Point[]): boolean {
  const n = points.length;
  for (let i = 0; i < n; i++) {
    const p = points[i]!;
    for (let j = i + 1; j < n; j++) {
      const dx = Math.abs(p.x - points[j]!.x);
      const dy = Math.abs(p.y - points[j]!.y);
      if (Math.hypot(dx, dy) <= MIN_APART || (dx < STRIP_CLEAR_X && dy < STRIP_CLEAR_Y)) return false;
    }
  }
  return true;
}

/**
 * A topology of several kinds (engine/kernel/topology.ts: 5 servers and 3 clients): the main
 * kind's nodes on the ring, and each other kind in a column of its own left of it, in the
 * order the topology lists them, so clients stand apart from the servers they ask and every
 * request crosses the gap. `kindOf` gives a node's kind; nodes of the main kind, or of none,
 * are on the ring. One kind only: the ring, as always. With a `room`, the ring is fitted to it
 * (ringLayout) and a column taller than the room wraps into several side by side, the kind's
 * first nodes in the leftmost.
 */
export function kindsLayout(ids: readonly number[], kindOf: (id: number) => string | undefined, main: string, room: Room | null = null): Map<number, Point> {
  const onRing = ids.filter((id) => (kindOf(id) ?? main) === main);
  const columns = new Map<string, number[]>();
  for (const id of ids) {
    const kind = kindOf(id) ?? main;
    if (kind === main) continue;
    columns.set(kind, [...(columns.get(kind) ?? []), id]);
  }
  if (columns.size === 0 || onRing.length === 0) return ringLayout(ids, room);
  const out = ringLayout(onRing, room);
  // The circle's own edge (as always), or the ellipse's leftmost node, whichever is further out.
  const left = Math.min(-circleRadius(onRing.length), ...[...out.values()].map((p) => p.x));
  const gap = spacingFor(onRing.length);
  // One above the other, boxes a little apart, centred on the ring's height.
  const step = NODE_H + 24;
  const perColumn = room === null ? Infinity : Math.max(1, Math.floor((room.height - 1 - NODE_H) / step) + 1);
  let k = 0;
  for (const kind of columns.values()) {
    const wraps = Math.max(1, Math.ceil(kind.length / perColumn));
    const tall = Math.ceil(kind.length / wraps);
    for (let w = 0; w < wraps; w++) {
      const column = kind.slice(w * tall, (w + 1) * tall);
      const x = round(left - gap * (k + wraps - 1 - w + 1.25));
      column.forEach((id, i) => out.set(id, { x, y: round((i - (column.length - 1) / 2) * step) }));
    }
    k += wraps;
  }
  return out;
}

/**
 * A partitioned cluster as an "exploded" ring: each group takes a run of neighbouring places
 * on the ring, and every group is pushed outwards along its own direction until nodes of
 * different groups are at least `minApart` from each other. Groups keep to the side of the
 * picture where they are now (`current`), and the places are turned to move nodes least.
 *
 * With a `room` (fitRoom: what the view shows readably), the places are the ring fitted to it
 * and the push leans sideways as far as it must for the picture to fit: a projector's cluster
 * region is much wider than tall, and a push straight down cropped the lower group, leader
 * included, at 1280x720. Of the leanings that fit, the one drawn largest is taken.
 */
export function partitionLayout(
  ids: readonly number[],
  groups: readonly (readonly number[])[],
  current: ReadonlyMap<number, Point>,
  minApart: number,
  room: Room | null = null,
): Map<number, Point> {
  const n = ids.length;
  // The ring as it fits the room less what the groups' outlines and captions take.
  const ringRoom = room && { width: room.width - OUTLINE_X, height: room.height - OUTLINE_Y };
  const slots = [...(ringRoom ? ringLayout(ids, ringRoom) : circleLayout(ids)).values()];
  const known = [...current.values()];
  const mid = known.length > 0 ? mean(known) : { x: 0, y: 0 };
  const angleOf = (g: readonly number[]) => {
    const pts = g.map((id) => current.get(id)).filter((p): p is Point => p !== undefined);
    const c = pts.length > 0 ? mean(pts) : mid;
    return Math.atan2(c.y - mid.y, c.x - mid.x);
  };
  const ordered = [...groups].map((g) => [...g].sort((a, b) => a - b)).sort((a, b) => angleOf(a) - angleOf(b));
  const sequence = ordered.flat();
  // The turns of the ring, those that move nodes least from where they are first.
  const moved = (turn: number) => {
    let cost = 0;
    sequence.forEach((id, i) => {
      const p = current.get(id);
      const q = slots[(i + turn) % n]!;
      if (p) cost += (p.x - q.x) ** 2 + (p.y - q.y) ** 2;
    });
    return cost;
  };
  const turns = Array.from({ length: n }, (_, turn) => ({ turn, cost: moved(turn) }))
    .sort((a, b) => a.cost - b.cost || a.turn - b.turn)
    .map((t) => t.turn);
  const groupOf = new Map<number, number>();
  ordered.forEach((g, k) => g.forEach((id) => groupOf.set(id, k)));
  const apart = (layout: Map<number, Point>) => {
    for (const [a, p] of layout) {
      for (const [b, q] of layout) {
        if (a < b && groupOf.get(a) !== groupOf.get(b) && Math.hypot(p.x - q.x, p.y - q.y) < minApart) return false;
      }
    }
    return true;
  };
  /**
   * The groups placed at `turn`, pushed apart, the vertical part of each push scaled by `upright`
   * (1: outwards); `apart` false if even the furthest push left groups too close.
   */
  const exploded = (turn: number, upright: number): { layout: Map<number, Point>; apart: boolean } => {
    const placed = new Map<number, Point>();
    sequence.forEach((id, i) => placed.set(id, slots[(i + turn) % n]!));
    const directions = ordered.map((g) => {
      const c = mean(g.map((id) => placed.get(id)!));
      const len = Math.hypot(c.x, c.y * upright);
      return len < 1e-6 ? { x: 0, y: 0 } : { x: c.x / len, y: (c.y * upright) / len };
    });
    const explode = (d: number) => {
      const out = new Map<number, Point>();
      ordered.forEach((g, k) => {
        for (const id of g) {
          const p = placed.get(id)!;
          out.set(id, { x: round(p.x + directions[k]!.x * d), y: round(p.y + directions[k]!.y * d) });
        }
      });
      return out;
    };
    for (let d = SPACING * 0.5; d < SPACING * 6; d += SPACING * 0.1) {
      const layout = explode(d);
      if (apart(layout)) return { layout, apart: true };
    }
    return { layout: explode(SPACING * 6), apart: false };
  };
  if (room === null) return exploded(turns[0]!, 1).layout;
  // How large the view can draw a layout (room units per picture unit: >= 1 fits readably).
  const scaleOf = (layout: Map<number, Point>) => {
    const b = partitionBounds(layout.values());
    return Math.min(room.width / b.width, room.height / b.height);
  };
  // The first that fits, the turns that move nodes least and the most outward pushes first;
  // failing that, the one drawn largest.
  let largest: Map<number, Point> | null = null;
  let largestScale = -Infinity;
  for (const turn of turns) {
    for (const upright of [1, 0.5, 0.25, 0.1, 0]) {
      const { layout, apart: groupsApart } = exploded(turn, upright);
      if (!groupsApart) continue;
      const scale = scaleOf(layout);
      if (scale >= 1) return layout;
      if (scale > largestScale) {
        largest = layout;
        largestScale = scale;
      }
    }
  }
  return largest ?? exploded(turns[0]!, 1).layout;
}

/** Partition outlines reach past the nodes, and their captions sit above them. */
export function partitionBounds(points: Iterable<Point>): Rect {
  const b = layoutBounds(points);
  return { x: b.x - OUTLINE_X / 2, y: b.y - 60, width: b.width + OUTLINE_X, height: b.height + OUTLINE_Y };
}

/** What a group's outline adds around its nodes' boxes: 20 each side, 60 above (the caption) and 20 below. */
const OUTLINE_X = 40;
const OUTLINE_Y = 80;

function mean(points: readonly Point[]): Point {
  let x = 0;
  let y = 0;
  for (const p of points) {
    x += p.x;
    y += p.y;
  }
  return { x: x / points.length, y: y / points.length };
}

/** The box around every node's box, for fitting the viewport. */
export function layoutBounds(points: Iterable<Point>): Rect {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const p of points) {
    minX = Math.min(minX, p.x);
    minY = Math.min(minY, p.y);
    maxX = Math.max(maxX, p.x);
    maxY = Math.max(maxY, p.y);
  }
  if (minX === Infinity) return { x: -NODE_W / 2, y: -NODE_H / 2, width: NODE_W, height: NODE_H };
  return { x: minX - NODE_W / 2, y: minY - NODE_H / 2, width: maxX - minX + NODE_W, height: maxY - minY + NODE_H };
}

export function samePositions(a: ReadonlyMap<number, Point>, b: ReadonlyMap<number, Point>, tolerance = 1): boolean {
  if (a.size !== b.size) return false;
  for (const [id, p] of a) {
    const q = b.get(id);
    if (!q || Math.abs(p.x - q.x) > tolerance || Math.abs(p.y - q.y) > tolerance) return false;
  }
  return true;
}

const round = (v: number) => Math.round(v * 10) / 10;
