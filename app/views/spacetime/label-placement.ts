/** A label that wants a place on the diagram: its box (centre and size), and how much it matters. */
export interface LabelCandidate {
  key: string;
  x: number;
  y: number;
  width: number;
  height: number;
  /** Higher goes first: a new leader's label beats an election's. */
  priority: number;
}

/**
 * Which labels to show so that no two overlap: greedy, most important first, then left to right
 * (the older of two equals wins). A label left out keeps its marker and its tooltip; a crowded
 * moment (five candidates in one millisecond) then reads as one "T3" instead of five on top of
 * one another. Pure.
 */
export function placeLabels(candidates: readonly LabelCandidate[], obstacles: readonly Box[] = [], gap = 2): Set<string> {
  const order = [...candidates].sort((a, b) => b.priority - a.priority || a.x - b.x);
  const placed: LabelCandidate[] = [];
  const overlaps = (p: Box, c: Box) => Math.abs(p.x - c.x) * 2 < p.width + c.width + 2 * gap && Math.abs(p.y - c.y) * 2 < p.height + c.height + 2 * gap;
  for (const c of order) {
    if (!placed.some((p) => overlaps(p, c)) && !obstacles.some((o) => overlaps(o, c))) placed.push(c);
  }
  return new Set(placed.map((p) => p.key));
}

/** Something labels must not cover (a marker's symbol): centre and size, in pixels. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A text's width at `fontPx` without measuring the DOM (bold sans-serif averages ~0.62 em). */
export const textWidth = (text: string, fontPx: number) => [...text].length * fontPx * 0.62;
