import type { PlacementScheme } from './scheme';

/** Keys per member, by index into the members list. */
export function loads(owners: readonly number[], memberCount: number): number[] {
  const out = new Array<number>(memberCount).fill(0);
  for (const o of owners) if (o >= 0) out[o]!++;
  return out;
}

/** Max load over mean load: 1 is perfect balance. */
export function loadImbalance(owners: readonly number[], memberCount: number): number {
  if (memberCount === 0 || owners.length === 0) return 1;
  const l = loads(owners, memberCount);
  return Math.max(...l) / (owners.length / memberCount);
}

/**
 * How many keys changed owner between two assignments. Owners are compared by member name, so
 * the two member lists may differ (a node added or removed).
 */
export function keysMoved(
  before: readonly number[],
  beforeMembers: readonly string[],
  after: readonly number[],
  afterMembers: readonly string[],
): number {
  let moved = 0;
  for (let i = 0; i < before.length; i++) if (beforeMembers[before[i]!] !== afterMembers[after[i]!]) moved++;
  return moved;
}

export interface SchemeComparison {
  scheme: string;
  title: string;
  keys: number;
  membersBefore: number;
  membersAfter: number;
  /** Keys whose owner changed. */
  moved: number;
  /**
   * The fewest keys any scheme must move: on an added member, the K/(N+1) it should own; on a
   * removed member, the K/N it owned.
   */
  ideal: number;
  /** moved / ideal (1 is optimal). */
  movedOverIdeal: number;
  imbalanceBefore: number;
  imbalanceAfter: number;
}

/** Runs `scheme` on the same keys before and after one membership change and measures it. */
export function compareSchemes(
  schemes: readonly PlacementScheme[],
  keys: readonly string[],
  before: readonly string[],
  after: readonly string[],
): SchemeComparison[] {
  const added = after.length > before.length;
  const ideal = added ? keys.length / after.length : keys.length / before.length;
  return schemes.map((scheme) => {
    const a = scheme.assign(keys, before);
    const b = scheme.assign(keys, after);
    const moved = keysMoved(a, before, b, after);
    return {
      scheme: scheme.name,
      title: scheme.title,
      keys: keys.length,
      membersBefore: before.length,
      membersAfter: after.length,
      moved,
      ideal,
      movedOverIdeal: moved / ideal,
      imbalanceBefore: loadImbalance(a, before.length),
      imbalanceAfter: loadImbalance(b, after.length),
    };
  });
}
