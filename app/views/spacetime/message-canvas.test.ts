import { describe, expect, it } from 'vitest';
import type { MessageLine } from '../../protocols/ui';
import { lineAt, paintLines, type LineToDraw } from './message-canvas';

const style: MessageLine = { color: 'var(--msg-append)', dash: '', width: 2, response: false, head: 'arrow', label: 'AppendEntries' };
const line = (key: string, x1: number, y1: number, x2: number, y2: number, extra: Partial<LineToDraw> = {}): LineToDraw => ({
  key,
  status: 'delivered',
  x1,
  y1,
  x2,
  y2,
  style,
  forged: false,
  ...extra,
});
const none = { selected: null, focused: null, hovered: null };

describe('lineAt (the canvas lines answer the pointer as the SVG lines did)', () => {
  const lines = [line('a', 0, 0, 100, 100), line('b', 0, 100, 100, 0)];

  it('finds a line within 7 px of it, and nothing farther away', () => {
    expect(lineAt(lines, 20, 26, none)).toBe('a');
    expect(lineAt(lines, 20, 40, none)).toBeNull();
  });

  it('gives the crossing to the line painted last, unless one is selected (painted on top)', () => {
    expect(lineAt(lines, 50, 50, none)).toBe('b');
    expect(lineAt(lines, 50, 50, { ...none, selected: 'a' })).toBe('a');
  });

  it('counts the head past a short line', () => {
    expect(lineAt([line('c', 0, 0, 2, 0)], 9, 3, none)).toBe('c');
  });
});

describe('paintLines', () => {
  /** A context that records the strokes' widths and colours, in order. */
  function recorder() {
    const strokes: { width: number; color: string; dash: number[] }[] = [];
    let dash: number[] = [];
    const ctx = {
      lineWidth: 0,
      strokeStyle: '',
      fillStyle: '',
      lineCap: 'butt',
      beginPath() {},
      moveTo() {},
      lineTo() {},
      setLineDash(d: number[]) {
        dash = d;
      },
      stroke() {
        strokes.push({ width: ctx.lineWidth, color: String(ctx.strokeStyle), dash });
      },
      fill() {},
      save() {},
      restore() {},
      translate() {},
      rotate() {},
    };
    return { ctx: ctx as unknown as CanvasRenderingContext2D, strokes };
  }
  const colors = (css: string) => (css === 'var(--msg-append)' ? '#0072b2' : css);

  it('resolves the protocol colour, dashes what is in flight, and paints the selected line last, thicker, over a halo', () => {
    (globalThis as { Path2D?: unknown }).Path2D ??= class {};
    const { ctx, strokes } = recorder();
    paintLines(ctx, [line('a', 0, 0, 10, 10), line('b', 0, 0, 10, 0, { status: 'flight' })], { ...none, selected: 'a' }, colors);
    // b's line, b's head outline (in flight: an open circle), then a's halo and a's line.
    expect(strokes.map((s) => s.color)).toEqual(['#0072b2', '#0072b2', 'rgb(11 87 208 / 0.45)', '#0072b2']);
    expect(strokes[0]!.dash).toEqual([7, 5]);
    expect(strokes[2]!.width).toBe(style.width + 9);
    expect(strokes[3]!.width).toBe(4.5);
  });
});
