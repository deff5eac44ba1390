import type { NodeState } from '../../store/types';
import { RING_R, type Point } from './layout';

/**
 * One timer per node (the protocol names it: `node.ringTimer`, Raft's election timer) drawn as
 * a shrinking arc over its grey track, all nodes on one canvas under the flow, updated per
 * animation frame without React. Each node shell registers its box and two hidden SVG circles
 * that only carry looks from the style sheets (ClusterView.css, presenter.css, a protocol's
 * own: low, paused, down, leader, presenter): the arc's colour and the track's colour, dash
 * and whether it shows at all.
 *
 * Issue 12: writing an SVG attribute per node per frame cost a style, layout and paint pass of
 * the whole cluster; then a canvas per node cost a composited layer each, and one more for each
 * node box above it (72 layers at 25 servers, layerized and committed every frame). One canvas
 * under all nodes is one layer, and the nodes paint into the flow's own. (A canvas per node
 * placed under the flow instead, 45 layers, measured no better: its damage is smaller, but
 * the layers cost the main thread again.)
 */
export interface TimerArcs {
  register(node: number, el: ArcElements | null): void;
  /** The canvas all arcs are painted on (null: none yet); it is sized to the rings' box each frame. */
  attach(canvas: HTMLCanvasElement | null): void;
  /** Draws each node's timer called `name` (none at all when null) at its centre in the view. */
  update(nodes: readonly NodeState[], now: number, name: string | null, view: ArcView): void;
}

export interface ArcView {
  center(id: number): Point | undefined;
  /** xyflow's [x, y, zoom]. */
  transform: readonly [number, number, number];
  /** The canvas's box in CSS pixels. */
  width: number;
  height: number;
}

export interface ArcElements {
  /** The node's box: its classes (role, paused, …) decide the track's look. */
  box: HTMLElement;
  /** Never shown: its computed stroke is the arc's colour as the style sheets say. */
  style: SVGCircleElement;
  /** Never shown: the track's computed display, stroke, width and dash. */
  track: SVGCircleElement;
}

const ARC_WIDTH = 7;

/** (dueAt - now) / (dueAt - setAt), clamped to [0, 1]; null when the node has no such timer. */
export function timerFraction(node: NodeState, now: number, name: string): number | null {
  if (!node.up) return null;
  let timer = null;
  for (const t of node.timers) if (t.name === name && (timer === null || t.dueAt > timer.dueAt)) timer = t;
  if (!timer) return null;
  const span = timer.dueAt - timer.setAt;
  if (span <= 0) return 0;
  return Math.min(1, Math.max(0, (timer.dueAt - now) / span));
}

/** The arc from twelve o'clock, clockwise, over `f` of a turn (the SVG circle's rotate(-90) dash). */
export function arcAngles(f: number): [start: number, end: number] {
  return [-Math.PI / 2, -Math.PI / 2 + 2 * Math.PI * f];
}

/** Beyond the ring's radius: half the widest stroke, and a pixel for anti-aliasing. */
const RING_MARGIN = RING_R + 6;

/**
 * The box around the rings of `ids` in the view's CSS pixels, whole pixels, clipped to the view
 * (null when none is in it).
 */
export function ringsBox(ids: Iterable<number>, view: ArcView): { left: number; top: number; width: number; height: number } | null {
  const [tx, ty, zoom] = view.transform;
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const id of ids) {
    const c = view.center(id);
    if (!c) continue;
    x0 = Math.min(x0, c.x - RING_MARGIN);
    y0 = Math.min(y0, c.y - RING_MARGIN);
    x1 = Math.max(x1, c.x + RING_MARGIN);
    y1 = Math.max(y1, c.y + RING_MARGIN);
  }
  const left = Math.max(0, Math.floor(x0 * zoom + tx));
  const top = Math.max(0, Math.floor(y0 * zoom + ty));
  const right = Math.min(view.width, Math.ceil(x1 * zoom + tx));
  const bottom = Math.min(view.height, Math.ceil(y1 * zoom + ty));
  if (!(right > left && bottom > top)) return null;
  return { left, top, width: right - left, height: bottom - top };
}

interface TrackLook {
  shown: boolean;
  color: string;
  width: number;
  dash: number[];
}

function px(v: string): number {
  const n = parseFloat(v);
  return Number.isFinite(n) ? n : 0;
}

export function createTimerArcs(): TimerArcs {
  const arcs = new Map<number, { el: ArcElements; look: string; color: string; boxClass: string; track: TrackLook | null }>();
  /**
   * The arc's colour for each look, and the track's for each box class, read from the style
   * sheets only when a look is new (reading a computed style after a class change costs a style
   * pass of the page).
   */
  const colors = new Map<string, string>();
  const tracks = new Map<string, TrackLook>();
  let canvas: HTMLCanvasElement | null = null;
  let ctx: CanvasRenderingContext2D | null = null;
  /** What the canvas shows now, to skip frames where nothing moved by a visible amount. */
  let shown = new Map<number, number>();
  let shownKey = '';
  /** Where the canvas sits now (CSS pixels in the view), to write its style only when it moves. */
  let placed = '';
  return {
    attach(c) {
      canvas = c;
      ctx = c ? c.getContext('2d') : null;
      shown = new Map();
      shownKey = '';
      placed = '';
    },
    register(node, el) {
      if (el) arcs.set(node, { el, look: '', color: '', boxClass: '', track: null });
      else arcs.delete(node);
      shownKey = '';
    },
    update(nodes, now, name, view) {
      if (name === null || !canvas || !ctx) return;
      const presenter = document.documentElement.classList.contains('presenter');
      const [tx, ty, zoom] = view.transform;
      const dpr = window.devicePixelRatio || 1;
      let key = `${tx} ${ty} ${zoom} ${view.width} ${view.height} ${dpr} ${presenter}`;
      const fractions = new Map<number, number>();
      let moved = false;
      for (const node of nodes) {
        const arc = arcs.get(node.id);
        if (!arc) continue;
        const f = timerFraction(node, now, name) ?? -1;
        fractions.set(node.id, f);
        // A thousandth of a turn is below a pixel even on a projector.
        const before = shown.get(node.id);
        if (before === undefined || Math.abs(f - before) >= 0.001) moved = true;
        const low = f >= 0 && f < 0.2;
        const look = `${low} ${node.paused === true} ${presenter}`;
        if (look !== arc.look) {
          arc.look = look;
          let color = colors.get(look);
          if (color === undefined) {
            arc.el.style.classList.toggle('cv-timer-low', low);
            color = getComputedStyle(arc.el.style).stroke;
            colors.set(look, color);
          }
          arc.color = color;
        }
        const boxClass = `${arc.el.box.className} ${presenter}`;
        if (boxClass !== arc.boxClass || !arc.track) {
          arc.boxClass = boxClass;
          let track = tracks.get(boxClass);
          if (!track) {
            const cs = getComputedStyle(arc.el.track);
            track = {
              shown: cs.display !== 'none',
              color: cs.stroke,
              width: px(cs.strokeWidth),
              dash: cs.strokeDasharray === 'none' ? [] : cs.strokeDasharray.split(/[ ,]+/).map(px),
            };
            tracks.set(boxClass, track);
          }
          arc.track = track;
        }
        const c = view.center(node.id);
        key += `|${node.id} ${c?.x} ${c?.y} ${arc.color} ${boxClass}`;
      }
      if (!moved && key === shownKey) return;
      shownKey = key;
      shown = fractions;
      // The canvas covers only the rings' box, not the whole view: a canvas that changes every
      // frame is composited again every frame over all of its area (five servers' rings take a
      // sixth of the view).
      const box = ringsBox(fractions.keys(), view);
      if (!box) {
        canvas.style.display = 'none';
        placed = '';
        return;
      }
      const w = Math.max(1, Math.round(box.width * dpr));
      const h = Math.max(1, Math.round(box.height * dpr));
      if (canvas.width !== w || canvas.height !== h) {
        canvas.width = w;
        canvas.height = h;
      }
      const place = `${box.left} ${box.top} ${box.width} ${box.height}`;
      if (place !== placed) {
        placed = place;
        canvas.style.display = '';
        canvas.style.left = `${box.left}px`;
        canvas.style.top = `${box.top}px`;
        canvas.style.width = `${box.width}px`;
        canvas.style.height = `${box.height}px`;
      }
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.clearRect(0, 0, w, h);
      ctx.setTransform(zoom * dpr, 0, 0, zoom * dpr, (tx - box.left) * dpr, (ty - box.top) * dpr);
      ctx.lineCap = 'butt';
      for (const [id, f] of fractions) {
        const arc = arcs.get(id)!;
        const c = view.center(id);
        if (!c) continue;
        const track = arc.track;
        if (track?.shown) {
          ctx.beginPath();
          ctx.arc(c.x, c.y, RING_R, 0, 2 * Math.PI);
          ctx.lineWidth = track.width;
          ctx.strokeStyle = track.color;
          // The SVG circle's dash starts at three o'clock and runs clockwise, as arc() does.
          ctx.setLineDash(track.dash);
          ctx.stroke();
          ctx.setLineDash([]);
        }
        if (f <= 0) continue;
        const [start, end] = arcAngles(f);
        ctx.beginPath();
        ctx.arc(c.x, c.y, RING_R, start, end);
        ctx.lineWidth = ARC_WIDTH;
        ctx.strokeStyle = arc.color;
        ctx.stroke();
      }
    },
  };
}
