import type { Point } from './layout';

/**
 * Where a message is drawn: on the straight line between two node centres, from the sender's
 * rim (`inset` from its centre) to the receiver's rim, shifted `lane` to the right of its
 * direction of travel so a request and its reply pass each other instead of overlapping. Pure.
 */
export function messagePoint(from: Point, to: Point, progress: number, inset: number, lane: number): Point {
  const dx = to.x - from.x;
  const dy = to.y - from.y;
  const length = Math.hypot(dx, dy);
  if (length < 1e-6) return { x: from.x, y: from.y };
  const ux = dx / length;
  const uy = dy / length;
  const usable = Math.max(0, length - 2 * inset);
  const start = length > 2 * inset ? inset : length / 2;
  const along = start + usable * Math.min(1, Math.max(0, progress));
  // Right of travel in screen coordinates (y grows downwards): (-uy, ux).
  return { x: from.x + ux * along - uy * lane, y: from.y + uy * along + ux * lane };
}

/** Fraction of the trip done at `now`: 0 at sentAt, 1 at dueAt. */
export function tripProgress(sentAt: number, dueAt: number, now: number): number {
  if (dueAt <= sentAt) return 1;
  return Math.min(1, Math.max(0, (now - sentAt) / (dueAt - sentAt)));
}
