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
 * A topology of several kinds (engine/kernel/topology.ts: 5 servers and 3 clients): the main
 * kind's nodes on the circle, and each other kind in a column of its own left of it, in the
 * order the topology lists them, so clients stand apart from the servers they ask and every
 * request crosses the gap. `kindOf` gives a node's kind; nodes of the main kind, or of none,
 * are on the circle. One kind only: the circle, as always.
 */
export function kindsLayout(ids: readonly number[], kindOf: (id: number) => string | undefined, main: string): Map<number, Point> {
  const onCircle = ids.filter((id) => (kindOf(id) ?? main) === main);
  const columns = new Map<string, number[]>();
  for (const id of ids) {
    const kind = kindOf(id) ?? main;
    if (kind === main) continue;
    columns.set(kind, [...(columns.get(kind) ?? []), id]);
  }
  if (columns.size === 0 || onCircle.length === 0) return circleLayout(ids);
  const out = circleLayout(onCircle);
  const r = circleRadius(onCircle.length);
  const gap = spacingFor(onCircle.length);
  [...columns.values()].forEach((column, k) => {
    const x = round(-r - gap * (k + 1.25));
    // One above the other, boxes a little apart, centred on the circle's height.
    const step = NODE_H + 24;
    column.forEach((id, i) => out.set(id, { x, y: round((i - (column.length - 1) / 2) * step) }));
  });
  return out;
}

/**
 * A partitioned cluster as an "exploded" circle: each group takes a run of neighbouring places
 * on the circle, and every group is pushed outwards along its own direction until nodes of
 * different groups are at least `minApart` from each other. Groups keep to the side of the
 * picture where they are now (`current`), and the places are turned to move nodes least.
 */
export function partitionLayout(
  ids: readonly number[],
  groups: readonly (readonly number[])[],
  current: ReadonlyMap<number, Point>,
  minApart: number,
): Map<number, Point> {
  const n = ids.length;
  const slots = [...circleLayout(ids).values()];
  const known = [...current.values()];
  const mid = known.length > 0 ? mean(known) : { x: 0, y: 0 };
  const angleOf = (g: readonly number[]) => {
    const pts = g.map((id) => current.get(id)).filter((p): p is Point => p !== undefined);
    const c = pts.length > 0 ? mean(pts) : mid;
    return Math.atan2(c.y - mid.y, c.x - mid.x);
  };
  const ordered = [...groups].map((g) => [...g].sort((a, b) => a - b)).sort((a, b) => angleOf(a) - angleOf(b));
  const sequence = ordered.flat();
  // The turn of the circle that moves nodes least from where they are.
  let best = 0;
  let bestCost = Infinity;
  for (let r = 0; r < n; r++) {
    let cost = 0;
    sequence.forEach((id, i) => {
      const p = current.get(id);
      const q = slots[(i + r) % n]!;
      if (p) cost += (p.x - q.x) ** 2 + (p.y - q.y) ** 2;
    });
    if (cost < bestCost) {
      bestCost = cost;
      best = r;
    }
  }
  const placed = new Map<number, Point>();
  sequence.forEach((id, i) => placed.set(id, slots[(i + best) % n]!));
  const directions = ordered.map((g) => {
    const c = mean(g.map((id) => placed.get(id)!));
    const len = Math.hypot(c.x, c.y);
    return len < 1e-6 ? { x: 0, y: 0 } : { x: c.x / len, y: c.y / len };
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
  let d = SPACING * 0.5;
  let layout = explode(d);
  while (!apart(layout) && d < SPACING * 6) {
    d += SPACING * 0.1;
    layout = explode(d);
  }
  return layout;
}

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
