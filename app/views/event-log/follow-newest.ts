import { useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';

/**
 * Keeps a scrolling list at its newest (last) item while the reader is there, without reading
 * the list's layout at each update: reading `scrollHeight` after React's commit forced a layout
 * of the page in the middle of the frame, four times a second (issue 12).
 *
 * How: the list ends with a 1-pixel sentinel. While following, the items opt out of scroll
 * anchoring (`eventlog-list--following` in EventLog.css) and the sentinel is the browser's anchor,
 * so lines added above it move the scroll offset with them during layout itself. Anchoring never
 * starts at offset 0 (a list just overflowing): an IntersectionObserver, judged after layout,
 * sees the sentinel leave the view then and scrolls to it. Whether the reader follows is judged
 * on scroll, as before: within `SLACK_PX` of the end.
 */

/** Within this distance of the end the list still counts as at the newest (as before: 24 px). */
const SLACK_PX = 24;

export interface FollowNewest {
  /** The list is following its newest item (its items then opt out of anchoring). */
  following: boolean;
  /** Something new arrived while the reader was further up: offer the way back. */
  behind: boolean;
  onScroll(): void;
  jumpToNewest(): void;
}

/**
 * `list` is the scroller, `end` its last child (the sentinel); a change of any of `inputs` (what
 * the list is made from) while the reader is further up sets `behind`.
 */
export function useFollowNewest(list: RefObject<HTMLElement | null>, end: RefObject<HTMLElement | null>, ...inputs: unknown[]): FollowNewest {
  const [following, setFollowing] = useState(true);
  const [behind, setBehind] = useState(false);
  const followingRef = useRef(true);
  const follow = (on: boolean) => {
    followingRef.current = on;
    setFollowing(on);
    if (on) setBehind(false);
  };

  // Opens at the newest: one read of the layout, at mount only.
  useLayoutEffect(() => {
    const el = list.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [list]);

  useEffect(() => {
    if (!followingRef.current) setBehind(true);
    // The inputs are the dependencies: a new sample of what the list shows.
  }, inputs);

  useEffect(() => {
    const root = list.current;
    const target = end.current;
    if (!root || !target || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver(
      (entries) => {
        // New lines pushed the end out of view where anchoring does not act: catch up. The
        // observer reports after layout, so this read costs no layout of its own.
        if (!entries[entries.length - 1]!.isIntersecting && followingRef.current) root.scrollTop = root.scrollHeight;
      },
      { root, rootMargin: `0px 0px ${SLACK_PX}px 0px` },
    );
    observer.observe(target);
    return () => observer.disconnect();
  }, [list, end]);

  return {
    following,
    behind,
    // Whether the reader left the newest or came back to it. Scroll events come at the start of
    // a frame, when the layout is usually still clean: the reads then cost nothing.
    onScroll: () => {
      const el = list.current;
      if (!el) return;
      const atEnd = el.scrollTop + el.clientHeight >= el.scrollHeight - SLACK_PX;
      if (atEnd !== followingRef.current) follow(atEnd);
    },
    jumpToNewest: () => {
      const el = list.current;
      if (!el) return;
      follow(true);
      el.scrollTop = el.scrollHeight;
    },
  };
}
