import type { LinkState } from '../../store/types';

/**
 * What one undirected pair {a, b} of the full mesh looks like. Pure, so the edge component can
 * select it from the store cheaply (three booleans: zustand's shallow compare keeps renders
 * to real changes).
 */
export interface LinkStatus {
  /** Messages from a to b are lost. */
  ab: boolean;
  /** Messages from b to a are lost. */
  ba: boolean;
  /** a and b sit in different partition groups (rather than, or as well as, a cut link). */
  partitioned: boolean;
  /** A cut of the link itself (the user's scissors), as opposed to a partition. */
  cut: boolean;
}

export type PartialLinks = Pick<LinkState, 'cuts' | 'groups'>;

/** The group index of each node; nodes named in no group share one more group (actions.ts). */
function groupOf(groups: readonly (readonly number[])[], node: number): number {
  for (let i = 0; i < groups.length; i++) if (groups[i]!.includes(node)) return i;
  return -1;
}

export function linkStatus(links: PartialLinks, a: number, b: number): LinkStatus {
  const partitioned = links.groups !== null && groupOf(links.groups, a) !== groupOf(links.groups, b);
  const cutAB = links.cuts.includes(`${a}>${b}`);
  const cutBA = links.cuts.includes(`${b}>${a}`);
  return { ab: partitioned || cutAB, ba: partitioned || cutBA, partitioned, cut: cutAB || cutBA };
}

/** The accessible name, e.g. "link S1 to S3, cut one way S1→S3". */
export function linkLabel(nameA: string, nameB: string, s: LinkStatus): string {
  const base = `link ${nameA} to ${nameB}`;
  if (s.partitioned) return `${base}, partitioned: no messages either way`;
  if (s.ab && s.ba) return `${base}, cut both ways`;
  if (s.ab) return `${base}, cut one way ${nameA}→${nameB}`;
  if (s.ba) return `${base}, cut one way ${nameB}→${nameA}`;
  return `${base}, working`;
}
