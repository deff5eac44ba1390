import type { MessageLine } from '../../protocols/ui';
import type { MessageStatus } from './model';

/**
 * The space-time diagram's message lines, painted on one canvas (issue 12: as SVG, the ~300
 * lines of a 25-server window were ~1,500 elements, and 40% of them were made and thrown away at
 * every redraw). The diagram keeps its SVG for lanes, markers, axis and keyboard use; this
 * module only paints lines and finds the one under the pointer. Framework-free and DOM-light:
 * it is handed a 2D context, so the geometry is testable without a browser.
 */

export interface LineToDraw {
  key: string;
  status: MessageStatus;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  style: MessageLine;
  forged: boolean;
}

export interface LineHighlights {
  selected: string | null;
  focused: string | null;
  hovered: string | null;
}

/** Resolves a CSS colour that may be a `var(--name)` (canvas cannot read custom properties). */
export type ColorOf = (css: string) => string;

/** What the SVG's click line allowed: within 7 px of the line (a 14-px stroke), or on its head. */
const HIT_PX = 7;
const HEAD_HIT_PX = 9;

const dashOf = (dash: string): number[] => (dash.trim() === '' ? [] : dash.trim().split(/[\s,]+/).map(Number));

/** The head's outline at the end of the line, pointing along +x (the SVG's path data, as before). */
function headPath(line: LineToDraw): string | null {
  if (line.status === 'dropped') return 'M-6,-6L6,6M-6,6L6,-6';
  if (line.status === 'flight') return 'M5,0A5,5 0 1,1 -5,0A5,5 0 1,1 5,0Z';
  switch (line.style.head) {
    case 'dot':
      return 'M4.5,0A4.5,4.5 0 1,1 -4.5,0A4.5,4.5 0 1,1 4.5,0Z';
    case 'diamond':
      return 'M0,-6L6,0L0,6L-6,0Z';
    case 'square':
      return 'M-9,-5H1V5H-9Z';
    default: {
      const s = 4 + line.style.width;
      return `M1,0L${-2 * s},${-s}L${-2 * s},${s}Z`;
    }
  }
}

const paths = new Map<string, Path2D>();
function path2d(d: string): Path2D {
  let p = paths.get(d);
  if (!p) {
    p = new Path2D(d);
    paths.set(d, p);
  }
  return p;
}

/**
 * Paints `lines` in order, the highlighted ones last (on top), with the look the SVG lines had
 * (SpaceTimeDiagram.css): a halo when selected, focused, hovered or forged; the stroke dashed
 * unless delivered; the head turned along the line.
 */
export function paintLines(ctx: CanvasRenderingContext2D, lines: readonly LineToDraw[], lit: LineHighlights, color: ColorOf): void {
  const top = (l: LineToDraw) => l.key === lit.selected || l.key === lit.focused;
  const ordered = lines.some(top) ? [...lines.filter((l) => !top(l)), ...lines.filter(top)] : lines;
  for (const l of ordered) {
    const selected = l.key === lit.selected;
    const halo = selected
      ? 'rgb(11 87 208 / 0.45)'
      : l.key === lit.focused
        ? 'rgb(11 87 208 / 0.35)'
        : l.forged
          ? 'rgb(255 211 77 / 0.9)'
          : l.key === lit.hovered
            ? 'rgb(0 0 0 / 0.12)'
            : null;
    if (halo) {
      ctx.beginPath();
      ctx.moveTo(l.x1, l.y1);
      ctx.lineTo(l.x2, l.y2);
      ctx.setLineDash([]);
      ctx.lineCap = 'round';
      ctx.lineWidth = l.style.width + 9;
      ctx.strokeStyle = halo;
      ctx.stroke();
    }
    const stroke = color(l.style.color);
    ctx.beginPath();
    ctx.moveTo(l.x1, l.y1);
    ctx.lineTo(l.x2, l.y2);
    ctx.setLineDash(dashOf(l.status === 'delivered' ? l.style.dash : '7 5'));
    ctx.lineCap = l.status === 'delivered' && l.style.response && l.style.dash ? 'round' : 'butt';
    ctx.lineWidth = selected ? 4.5 : l.style.width;
    ctx.strokeStyle = stroke;
    ctx.stroke();
    const d = headPath(l);
    if (!d) continue;
    ctx.save();
    ctx.translate(l.x2, l.y2);
    ctx.rotate(Math.atan2(l.y2 - l.y1, l.x2 - l.x1));
    ctx.setLineDash([]);
    const head = path2d(d);
    if (l.status === 'dropped') {
      ctx.lineCap = 'round';
      ctx.lineWidth = 3.5;
      ctx.strokeStyle = color('var(--danger)');
      ctx.stroke(head);
    } else if (l.status === 'flight') {
      ctx.fillStyle = '#fff';
      ctx.fill(head);
      ctx.lineWidth = 2.5;
      ctx.strokeStyle = stroke;
      ctx.stroke(head);
    } else {
      ctx.fillStyle = stroke;
      ctx.fill(head);
    }
    ctx.restore();
  }
}

/** Distance from (px, py) to the segment (x1, y1)-(x2, y2). */
function toSegment(px: number, py: number, l: LineToDraw): number {
  const dx = l.x2 - l.x1;
  const dy = l.y2 - l.y1;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - l.x1) * dx + (py - l.y1) * dy) / len2));
  return Math.hypot(px - (l.x1 + t * dx), py - (l.y1 + t * dy));
}

/** The line under the point (the topmost, as painted last wins), or null. */
export function lineAt(lines: readonly LineToDraw[], px: number, py: number, lit: LineHighlights): string | null {
  for (const key of [lit.selected, lit.focused]) {
    const l = key === null ? undefined : lines.find((m) => m.key === key);
    if (l && (toSegment(px, py, l) <= HIT_PX || Math.hypot(px - l.x2, py - l.y2) <= HEAD_HIT_PX)) return l.key;
  }
  for (let i = lines.length - 1; i >= 0; i--) {
    const l = lines[i]!;
    if (toSegment(px, py, l) <= HIT_PX || Math.hypot(px - l.x2, py - l.y2) <= HEAD_HIT_PX) return l.key;
  }
  return null;
}

/** A `ColorOf` reading custom properties from `el`'s computed style, once per name. */
export function cssColors(el: Element): ColorOf {
  const cache = new Map<string, string>();
  return (css) => {
    let c = cache.get(css);
    if (c === undefined) {
      const m = /^var\((--[\w-]+)(?:,\s*(.+))?\)$/.exec(css.trim());
      c = m ? getComputedStyle(el).getPropertyValue(m[1]!).trim() || m[2] || '#000' : css;
      cache.set(css, c);
    }
    return c;
  };
}
