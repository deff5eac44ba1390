import type { NodeState } from '../../store/types';
import { NODE_H, NODE_W, RING_R } from './layout';

/**
 * One timer per node (the protocol names it: `node.ringTimer`, Raft's election timer) drawn as
 * a shrinking arc, updated per animation frame without React. Each node shell registers a small
 * canvas over its ring and a hidden SVG arc that only carries the arc's colour from the style
 * sheets (ClusterView.css, presenter.css: low, paused, presenter). The frame loop paints the
 * fraction of the timeout left on the canvas (issue 12: writing an SVG attribute per node per
 * frame cost a style, layout and paint pass of the whole cluster, ~6 ms a frame at 25 servers;
 * a canvas redraw touches nothing else). Framework-free.
 */
export interface TimerArcs {
  register(node: number, el: ArcElements | null): void;
  /** Draws each node's timer called `name` (none at all when null). */
  update(nodes: readonly NodeState[], now: number, name: string | null): void;
  /** Screen pixels per flow unit (the view's zoom times the device's pixel ratio): the canvases match it, so arcs stay as crisp as SVG. */
  setScale(pixelsPerUnit: number): void;
}

export interface ArcElements {
  /** Where the arc is painted: over the node's box, at the screen's own pixels (setScale). */
  canvas: HTMLCanvasElement;
  /** Never shown: its computed stroke is the arc's colour as the style sheets say. */
  style: SVGCircleElement;
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

export function createTimerArcs(): TimerArcs {
  const arcs = new Map<number, { el: ArcElements; ctx: CanvasRenderingContext2D | null; shown: number; look: string; color: string }>();
  /**
   * The arc's colour for each look, read once from the style sheets: the same for every node
   * (reading a computed style after a class change costs a style pass of the page).
   */
  const colors = new Map<string, string>();
  let scale = 1;
  return {
    setScale(pixelsPerUnit) {
      if (Number.isFinite(pixelsPerUnit) && pixelsPerUnit > 0) scale = Math.min(4, pixelsPerUnit);
    },
    register(node, el) {
      if (el) arcs.set(node, { el, ctx: el.canvas.getContext('2d'), shown: Number.NaN, look: '', color: '' });
      else arcs.delete(node);
    },
    update(nodes, now, name) {
      if (name === null) return;
      const presenter = document.documentElement.classList.contains('presenter');
      for (const node of nodes) {
        const arc = arcs.get(node.id);
        if (!arc) continue;
        const f = timerFraction(node, now, name) ?? -1;
        const low = f >= 0 && f < 0.2;
        // The colour's inputs: read from the style sheets only when one of them changes.
        const look = `${low} ${node.paused === true} ${presenter}`;
        const { canvas, style } = arc.el;
        const width = Math.max(1, Math.round(NODE_W * scale));
        const resized = canvas.width !== width;
        // A thousandth of a turn is below a pixel even on a projector: skip the redraw.
        if (Math.abs(f - arc.shown) < 0.001 && look === arc.look && !resized) continue;
        arc.shown = f;
        if (resized) {
          canvas.width = width;
          canvas.height = Math.max(1, Math.round(NODE_H * scale));
        }
        if (look !== arc.look) {
          arc.look = look;
          let color = colors.get(look);
          if (color === undefined) {
            style.classList.toggle('cv-timer-low', low);
            color = getComputedStyle(style).stroke;
            colors.set(look, color);
          }
          arc.color = color;
        }
        const ctx = arc.ctx;
        if (!ctx) continue;
        ctx.setTransform(canvas.width / NODE_W, 0, 0, canvas.height / NODE_H, 0, 0);
        ctx.clearRect(0, 0, NODE_W, NODE_H);
        if (f <= 0) continue;
        const [start, end] = arcAngles(f);
        ctx.beginPath();
        ctx.arc(NODE_W / 2, NODE_H / 2, RING_R, start, end);
        ctx.lineWidth = ARC_WIDTH;
        ctx.lineCap = 'butt';
        ctx.strokeStyle = arc.color;
        ctx.stroke();
      }
    },
  };
}
