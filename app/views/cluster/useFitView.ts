import { useEffect, useRef, useState } from 'react';
import { getViewportForBounds, useReactFlow, useStore, type CoordinateExtent, type ReactFlowState } from '@xyflow/react';
import { shallow } from 'zustand/shallow';
import type { Rect, Room } from './layout';
import { JOIN_DISTANCE } from './partition-gesture';

/** Room for the hint bar on top; projectors cut edges, so a margin all round. */
export const BARE_TOP_PX = 14;
const PADDING = { top: 52, bottom: 14, left: 16, right: 16 };
/** Large enough for the back of a lecture hall, but one node should not fill the wall. */
const MAX_ZOOM = 1.5;
/** While dragging, the view zooms out this far beyond the layout so nodes can be pulled apart. */
const DRAG_ROOM = JOIN_DISTANCE * 0.5;
const UNBOUNDED: CoordinateExtent = [
  [-Infinity, -Infinity],
  [Infinity, Infinity],
];

/**
 * The room a layout may take (flow units) in a `width` x `height` view, inside the margins
 * useFitView keeps, at the legibility floor's zoom: a picture that fits is drawn whole and
 * readable. The side overlays (legend, a node's actions) are left out: they step aside when
 * the cluster needs the room. Null until the view has a size.
 */
export function fitRoom(width: number, height: number, minZoom: number, topPx: number = PADDING.top): Room | null {
  if (!width || !height) return null;
  return {
    width: Math.floor((width - PADDING.left - PADDING.right) / minZoom),
    height: Math.floor((height - topPx - PADDING.bottom) / minZoom),
  };
}

const px = (v: number) => `${v}px` as const;
const sizeOf = (s: ReactFlowState) => ({ width: s.width, height: s.height });

/**
 * Fits the settled layout to the container (no user pan or zoom: the picture is for a room,
 * not for exploring). Resizes apply at once, layout changes glide. While dragging, returns the
 * part of the flow that is on screen: nodes are kept inside it rather than dragged out of view.
 * `minZoom` is the legibility floor (legibility.ts): a picture too big for the box at that zoom
 * is centred and cropped at its edges rather than drawn with unreadable names.
 */
export function useFitView(
  frame: { bounds: Rect; dragging: boolean },
  reducedMotion: boolean,
  leftPx = 0,
  minZoom = 0.05,
  rightPx = 0,
  /** Room on top: the hint bar's, unless the view shows none (presenter mode at rest). */
  topPx = PADDING.top,
): CoordinateExtent {
  const { setViewport } = useReactFlow();
  const { width, height } = useStore(sizeOf, shallow);
  const last = useRef({ width: 0, height: 0 });
  const [extent, setExtent] = useState<CoordinateExtent>(UNBOUNDED);
  useEffect(() => {
    if (!width || !height) return;
    const b = frame.dragging
      ? { x: frame.bounds.x - DRAG_ROOM, y: frame.bounds.y - DRAG_ROOM, width: frame.bounds.width + 2 * DRAG_ROOM, height: frame.bounds.height + 2 * DRAG_ROOM }
      : frame.bounds;
    const resized = last.current.width !== width || last.current.height !== height;
    last.current = { width, height };
    // Keep clear of the overlays on the left (the legend) and the right (the selected node's
    // actions) unless that would squeeze the cluster; the actions come first.
    const right = width - rightPx > height * 0.9 ? PADDING.right + rightPx : PADDING.right;
    const left = width - leftPx - (right - PADDING.right) > height * 0.9 ? PADDING.left + leftPx : PADDING.left;
    const padding = { top: px(topPx), bottom: px(PADDING.bottom), left: px(left), right: px(right) };
    const viewport = getViewportForBounds(b, width, height, minZoom, MAX_ZOOM, padding);
    void setViewport(viewport, { duration: resized || reducedMotion ? 0 : 350 });
    const toFlow = (sx: number, sy: number): [number, number] => [(sx - viewport.x) / viewport.zoom, (sy - viewport.y) / viewport.zoom];
    setExtent(frame.dragging ? [toFlow(PADDING.left, PADDING.top), toFlow(width - PADDING.right, height - PADDING.bottom)] : UNBOUNDED);
  }, [frame, width, height, reducedMotion, setViewport, leftPx, minZoom, rightPx, topPx]);
  return extent;
}
