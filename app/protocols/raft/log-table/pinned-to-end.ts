import { useEffect, useRef, type RefObject } from 'react';

/** Within this distance of the right end the table still counts as at the newest index. */
const SLACK_PX = 40;

/**
 * Keeps a sideways scroller at its right end (the newest log index) unless the reader scrolled
 * back. The scroll is set when the content or the scroller changes size, from a ResizeObserver:
 * it reports after layout, so reading `scrollWidth` there costs nothing, where setting it in a
 * layout effect after each render forced a layout of the page in the middle of a frame, four
 * times a second (issue 12). (Scroll anchoring would do it without a script, but browsers anchor
 * in the block direction only.) Returns the scroller's `onScroll`.
 *
 * `mounted` says whether the scroller and content are in the page (they come and go with it).
 */
export function usePinnedToEnd(scroller: RefObject<HTMLElement | null>, content: RefObject<HTMLElement | null>, mounted: boolean): () => void {
  const pinned = useRef(true);

  useEffect(() => {
    const el = scroller.current;
    const inner = content.current;
    if (!mounted || !el || typeof ResizeObserver === 'undefined') return;
    const toEnd = () => {
      if (pinned.current) el.scrollLeft = el.scrollWidth;
    };
    const observer = new ResizeObserver(toEnd);
    observer.observe(el);
    if (inner) observer.observe(inner);
    return () => observer.disconnect();
  }, [scroller, content, mounted]);

  // Scroll events come at the start of a frame, when the layout is usually still clean: the reads
  // then cost nothing.
  return () => {
    const el = scroller.current;
    if (el) pinned.current = el.scrollLeft + el.clientWidth >= el.scrollWidth - SLACK_PX;
  };
}
