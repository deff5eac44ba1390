/**
 * Which of a node's texts are drawn at the view's current zoom (issue 11: read from the back
 * row). Node text is sized in flow units and scales with the view; rather than draw it smaller
 * than people can read, the view drops it: first the log strip, then the detail lines (term,
 * votes, role words, message numbers), keeping the name, the disc's colour and the role icon
 * (the log table and the inspector say the rest in full). Pure: no DOM.
 *
 * Heights are the rendered line boxes of the largest text in each tier, in flow units
 * (measured in Chromium, e2e/readability.spec.ts): log chips and indexes 12, detail lines,
 * role badges and message numbers 17, the server's name 41 (40 keeps a margin).
 */
export const TEXT_FLOOR_PX = { normal: 11, presenter: 14 } as const;
const LOG_TEXT = 12;
const DETAIL_TEXT = 17;
const NAME_TEXT = 40;

export interface Legibility {
  /** The view never zooms out further: below this the names would go under the floor. */
  minZoom: number;
  /** Class names for the view's root that hide the tiers too small at `zoom`. */
  className: string;
}

export function legibility(zoom: number, presenter: boolean): Legibility {
  const floor = presenter ? TEXT_FLOOR_PX.presenter : TEXT_FLOOR_PX.normal;
  const classes: string[] = [];
  if (zoom * LOG_TEXT < floor) classes.push('cv-hide-log');
  if (zoom * DETAIL_TEXT < floor) classes.push('cv-hide-detail');
  return { minZoom: floor / NAME_TEXT, className: classes.join(' ') };
}
