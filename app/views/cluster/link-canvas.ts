import type { LinkState, Selection } from '../../store/types';
import type { Point } from './layout';
import { linkStatus, type LinkStatus } from './link-state';
import { SVG_NS } from './svg';

/**
 * The full mesh of links, painted on one canvas under the nodes (issue 12: as 300 xyflow edges,
 * each its own SVG with a line, a hit path and a title, the 25-server mesh was ~1,800 elements
 * that every frame's style, layout, paint and layerize walked, and 300 store selectors that ran
 * on every store update). The canvas is redrawn only when something it shows changes: the view's
 * transform, a node's place, the links, the selection, presenter mode, its size. Pointer and
 * keyboard access live elsewhere: `linkAt` finds the link under the pointer (ClusterView turns
 * a pane click into selecting it, a hover into its title), and LinkButtons keeps one named
 * button per link for assistive technology. Framework-free.
 *
 * Looks come from the style sheets (ClusterView.css, presenter.css), read from hidden SVG
 * probes with the classes the edges had, so the canvas cannot drift from them.
 */

/** One undirected pair {a, b}, a < b. */
export interface MeshLink {
  a: number;
  b: number;
}

/** Every unordered pair once, in the order the edges were drawn. */
export function meshLinks(ids: readonly number[]): MeshLink[] {
  const out: MeshLink[] = [];
  for (let i = 0; i < ids.length; i++) for (let j = i + 1; j < ids.length; j++) out.push({ a: ids[i]!, b: ids[j]! });
  return out;
}

export function isLinkSelected(sel: Selection, a: number, b: number): boolean {
  return sel?.kind === 'link' && ((sel.from === a && sel.to === b) || (sel.from === b && sel.to === a));
}

/** Distance from p to the segment a–b. */
export function segmentDistance(p: Point, a: Point, b: Point): number {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.min(1, Math.max(0, ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2));
  return Math.hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

/** The link whose line passes within `reach` (flow units) of p, the nearest; null if none. */
export function linkAt(links: readonly MeshLink[], center: (id: number) => Point | undefined, p: Point, reach: number): MeshLink | null {
  let best: MeshLink | null = null;
  let bestD = reach;
  for (const l of links) {
    const a = center(l.a);
    const b = center(l.b);
    if (!a || !b) continue;
    const d = segmentDistance(p, a, b);
    if (d <= bestD) {
      bestD = d;
      best = l;
    }
  }
  return best;
}

/** The classes an edge had, which the style sheets key on. */
export function linkClasses(status: LinkStatus, dense: boolean, selected: boolean): string {
  const blocked = status.ab || status.ba;
  return ['cv-link', blocked ? 'cv-link-cut' : '', status.partitioned && !status.cut ? 'cv-link-partitioned' : '', dense ? 'cv-link-dense' : '', selected ? 'cv-link-selected' : '']
    .filter(Boolean)
    .join(' ');
}

interface Stroke {
  color: string;
  width: number;
  dash: number[];
  alpha: number;
}

/** A filled and outlined shape's look. */
interface ShapeLook {
  fill: string;
  stroke: string;
  width: number;
}

/** Fills the current path, then outlines it. */
function fillAndStroke(c: CanvasRenderingContext2D, look: ShapeLook): void {
  c.fillStyle = look.fill;
  c.fill();
  c.strokeStyle = look.stroke;
  c.lineWidth = look.width;
  c.stroke();
}

interface MarkerLook {
  badge: ShapeLook;
  x: { stroke: string; width: number };
  arrow: ShapeLook;
}

/** Distance of the one-way arrow from the link's middle, and the cross badge's radius (as the SVG edge had them). */
const ARROW_OFFSET = 34;
const BADGE_R = 16;

export interface LinkFrame {
  links: readonly MeshLink[];
  dense: boolean;
  center(id: number): Point | undefined;
  /** Changes (by value or identity) whenever any centre moves. */
  centers: unknown;
  state: Pick<LinkState, 'cuts' | 'groups'>;
  selection: Selection;
  /** xyflow's [x, y, zoom]. */
  transform: readonly [number, number, number];
  /** The canvas's box in CSS pixels. */
  width: number;
  height: number;
  presenter: boolean;
}

export interface LinkCanvas {
  /** Paints the links if anything they show changed since the last call. */
  update(frame: LinkFrame): void;
}

function px(v: string): number {
  const n = parseFloat(v);
  return Number.isFinite(n) ? n : 0;
}

export function createLinkCanvas(canvas: HTMLCanvasElement, probeRoot: SVGSVGElement): LinkCanvas {
  const ctx = canvas.getContext('2d');
  const strokes = new Map<string, Stroke>();
  let markers: MarkerLook | null = null;
  let markersPresenter: boolean | null = null;
  let last: unknown[] = [];

  /** Computed style of an element with `classes`, in a `<g class=groupClasses>`: probes are made once and kept. */
  function probe(groupClasses: string, tag: 'path' | 'circle', classes: string): CSSStyleDeclaration {
    const key = `${groupClasses}|${tag}|${classes}`;
    let el = probeRoot.querySelector<SVGElement>(`[data-probe="${key}"]`);
    if (!el) {
      const g = document.createElementNS(SVG_NS, 'g');
      g.setAttribute('class', groupClasses);
      el = document.createElementNS(SVG_NS, tag);
      el.setAttribute('class', classes);
      el.setAttribute('data-probe', key);
      g.appendChild(el);
      probeRoot.appendChild(g);
    }
    return getComputedStyle(el);
  }

  function strokeFor(classes: string, presenter: boolean): Stroke {
    const key = `${classes} ${presenter}`;
    let s = strokes.get(key);
    if (!s) {
      const cs = probe(classes, 'path', 'cv-link-line');
      const dash = cs.strokeDasharray === 'none' ? [] : cs.strokeDasharray.split(/[ ,]+/).map(px);
      s = { color: cs.stroke, width: px(cs.strokeWidth), dash, alpha: Number(cs.opacity) };
      strokes.set(key, s);
    }
    return s;
  }

  function markerLook(presenter: boolean): MarkerLook {
    if (markers && markersPresenter === presenter) return markers;
    const badge = probe('cv-link cv-link-cut', 'circle', 'cv-link-badge');
    const bx = { fill: badge.fill, stroke: badge.stroke, width: px(badge.strokeWidth) };
    const x = probe('cv-link cv-link-cut', 'path', 'cv-link-x');
    const xx = { stroke: x.stroke, width: px(x.strokeWidth) };
    const arrow = probe('cv-link cv-link-cut', 'path', 'cv-link-arrow');
    markers = { badge: bx, x: xx, arrow: { fill: arrow.fill, stroke: arrow.stroke, width: px(arrow.strokeWidth) } };
    markersPresenter = presenter;
    return markers;
  }

  function paint(f: LinkFrame): void {
    if (!ctx) return;
    const dpr = window.devicePixelRatio || 1;
    const w = Math.max(1, Math.round(f.width * dpr));
    const h = Math.max(1, Math.round(f.height * dpr));
    if (canvas.width !== w || canvas.height !== h) {
      canvas.width = w;
      canvas.height = h;
    }
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, w, h);
    const [tx, ty, zoom] = f.transform;
    ctx.setTransform(zoom * dpr, 0, 0, zoom * dpr, tx * dpr, ty * dpr);
    ctx.lineCap = 'butt';
    // Plain lines first, then the ones that say something (cut, partitioned, selected), then
    // the cut badges: nothing ordinary is drawn over a mark.
    const marked: { l: MeshLink; status: LinkStatus; selected: boolean; a: Point; b: Point }[] = [];
    // One stroke per line, as the SVG drew them: where translucent lines cross, the crossing is darker.
    for (const l of f.links) {
      const a = f.center(l.a);
      const b = f.center(l.b);
      if (!a || !b) continue;
      const status = linkStatus(f.state, l.a, l.b);
      const selected = isLinkSelected(f.selection, l.a, l.b);
      if (selected || status.ab || status.ba) {
        marked.push({ l, status, selected, a, b });
        continue;
      }
      ctx.beginPath();
      ctx.moveTo(a.x, a.y);
      ctx.lineTo(b.x, b.y);
      stroke(strokeFor(linkClasses(status, f.dense, false), f.presenter));
    }
    marked.sort((p, q) => Number(p.selected) - Number(q.selected));
    for (const m of marked) {
      ctx.beginPath();
      ctx.moveTo(m.a.x, m.a.y);
      ctx.lineTo(m.b.x, m.b.y);
      stroke(strokeFor(linkClasses(m.status, f.dense, m.selected), f.presenter));
    }
    ctx.setLineDash([]);
    ctx.globalAlpha = 1;
    for (const m of marked) if (m.status.cut) drawMarker(m.a, m.b, m.status, markerLook(f.presenter));
  }

  function stroke(s: Stroke): void {
    ctx!.strokeStyle = s.color;
    ctx!.lineWidth = s.width;
    ctx!.setLineDash(s.dash);
    ctx!.globalAlpha = s.alpha;
    ctx!.stroke();
  }

  /** The cross badge in the middle, and for a one-way cut an arrow pointing the lost way. */
  function drawMarker(a: Point, b: Point, status: LinkStatus, look: MarkerLook): void {
    const c = ctx!;
    const oneWay = status.ab !== status.ba;
    const angle = Math.atan2(b.y - a.y, b.x - a.x) + (oneWay && status.ba ? Math.PI : 0);
    c.save();
    c.translate((a.x + b.x) / 2, (a.y + b.y) / 2);
    c.rotate(angle);
    c.lineJoin = 'miter';
    if (oneWay) {
      c.beginPath();
      c.moveTo(-ARROW_OFFSET - 16, -13);
      c.lineTo(-ARROW_OFFSET + 6, 0);
      c.lineTo(-ARROW_OFFSET - 16, 13);
      c.closePath();
      fillAndStroke(c, look.arrow);
    }
    c.beginPath();
    c.arc(0, 0, BADGE_R, 0, 2 * Math.PI);
    fillAndStroke(c, look.badge);
    c.beginPath();
    c.moveTo(-7, -7);
    c.lineTo(7, 7);
    c.moveTo(7, -7);
    c.lineTo(-7, 7);
    c.strokeStyle = look.x.stroke;
    c.lineWidth = look.x.width;
    c.lineCap = 'round';
    c.stroke();
    c.restore();
  }

  return {
    update(f) {
      // The store may hand over equal links and selection as new objects: compare what they say.
      const said = `${f.state.cuts.join(',')}|${f.state.groups ? JSON.stringify(f.state.groups) : ''}|${f.selection?.kind === 'link' ? `${f.selection.from}-${f.selection.to}` : ''}`;
      const inputs = [f.links, f.centers, said, f.transform[0], f.transform[1], f.transform[2], f.width, f.height, f.presenter, f.dense];
      if (inputs.length === last.length && inputs.every((v, i) => v === last[i])) return;
      last = inputs;
      paint(f);
    },
  };
}
