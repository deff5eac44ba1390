import { useEffect, useRef, type RefObject } from 'react';

/** The newest column's header within this distance of the view's right edge: still at the newest (with its 28 px, the 40 px it was). */
const SLACK_PX = 12;

/**
 * Keeps a sideways scroller at its right end (the newest log index) unless the reader scrolled
 * back, without reading the layout: setting the scroll in a layout effect after each render
 * forced a layout of the page in the middle of a frame, four times a second, and judging the
 * reader's scroll from `scrollLeft` and `scrollWidth` forced another after each of its own
 * scrolls (issue 12). (Scroll anchoring would do it without a script, but browsers anchor in the
 * block direction only.)
 *
 * A ResizeObserver on the content and the scroller moves the scroll to the end while pinned: it
 * reports after layout, so reading `scrollWidth` there costs nothing. An IntersectionObserver on
 * the newest column's header (`last`, sticky at the top, so only the sideways scroll moves it out)
 * says whether the reader is at the end: it is judged after layout too, and after the
 * ResizeObserver's scroll of the same frame. `lastKey` changes with the newest column.
 */
export function usePinnedToEnd(scroller: RefObject<HTMLElement | null>, content: RefObject<HTMLElement | null>, last: RefObject<HTMLElement | null>, lastKey: unknown): void {
  const pinned = useRef(true);

  useEffect(() => {
    const el = scroller.current;
    const inner = content.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => {
      if (pinned.current) el.scrollLeft = el.scrollWidth;
    });
    observer.observe(el);
    if (inner) observer.observe(inner);
    return () => observer.disconnect();
  }, [scroller, content, lastKey === null]);

  useEffect(() => {
    const el = scroller.current;
    const header = last.current;
    if (!el || !header || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver(
      (entries) => {
        pinned.current = entries[entries.length - 1]!.isIntersecting;
      },
      { root: el, rootMargin: `0px ${SLACK_PX}px 0px 0px` },
    );
    observer.observe(header);
    return () => observer.disconnect();
  }, [scroller, last, lastKey]);
}
