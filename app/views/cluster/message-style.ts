import type { GlyphMark, GlyphShape, MessageUi } from '../../protocols/ui';

/**
 * Drawing a message glyph (the protocol says which: `ProtocolUi.messages.glyph`): shapes and
 * marks as SVG paths. Pure; the message layer and the legend both draw from here, so they
 * cannot disagree.
 */

/** The hover text and accessible name: "AppendEntries S1→S3, 2 entries, click to drop". */
export function messageLabel(messages: MessageUi, type: string, from: string, to: string, msg: Record<string, unknown>): string {
  return [`${type} ${from}→${to}`, ...messages.details(type, msg), 'click to drop'].join(', ');
}

/** SVG path data of a shape centred on (0, 0). */
export function shapePath(shape: GlyphShape, size: number): string {
  const s = size;
  switch (shape) {
    case 'diamond':
      return `M0,${-s}L${s},0L0,${s}L${-s},0Z`;
    case 'square':
      return `M${-s},${-s}H${s}V${s}H${-s}Z`;
    case 'circle':
      return `M${-s},0A${s},${s} 0 1,0 ${s},0A${s},${s} 0 1,0 ${-s},0Z`;
  }
}

/** A tick or a cross fitting inside a shape of half-width `size`. */
export function markPath(mark: GlyphMark, size: number): string {
  const k = size * 0.45;
  if (mark === 'check') return `M${-k},${k * 0.05}L${-k * 0.25},${k * 0.75}L${k},${-k * 0.7}`;
  if (mark === 'cross') return `M${-k * 0.75},${-k * 0.75}L${k * 0.75},${k * 0.75}M${k * 0.75},${-k * 0.75}L${-k * 0.75},${k * 0.75}`;
  return '';
}

/** The mark's own colour: green tick, red cross (and the shapes differ, so colour is a bonus). */
export function markColor(mark: GlyphMark): string {
  return mark === 'check' ? 'var(--ok)' : 'var(--danger)';
}
