import type { NodeId } from '../../kernel/protocol';

/**
 * Majority arithmetic over one configuration (after etcd's quorum/majority.go). A server that
 * is not in the configuration counts for nothing, not even for itself (thesis §4.2.2: a leader
 * being removed manages the cluster without counting its own vote).
 */

export function majority(members: readonly NodeId[]): number {
  return (members.length >>> 1) + 1;
}

/** True when the members for which `yes` holds form a majority. */
export function hasQuorum(members: readonly NodeId[], yes: (id: NodeId) => boolean): boolean {
  const needed = majority(members);
  let count = 0;
  for (const id of members) {
    if (yes(id) && ++count >= needed) return true;
  }
  return false;
}

/** True when the members for which `no` holds are so many that a majority is out of reach. */
export function quorumLost(members: readonly NodeId[], no: (id: NodeId) => boolean): boolean {
  let count = 0;
  for (const id of members) if (no(id)) count++;
  return members.length - count < majority(members);
}

/** Scratch space for quorumIndex: it runs on every acknowledgement, so it allocates nothing. */
const matched: number[] = [];

/**
 * The largest index that a majority of members has (etcd's CommittedIndex): sort the members'
 * match indices descending and take the majority-th. Configurations are small (<= 128 slots),
 * so an insertion sort into a reused array beats allocating and calling Array.sort.
 */
export function quorumIndex(members: readonly NodeId[], matchOf: (id: NodeId) => number): number {
  matched.length = 0;
  for (const id of members) {
    const value = matchOf(id);
    let i = matched.length;
    matched.push(value);
    while (i > 0 && matched[i - 1]! < value) {
      matched[i] = matched[i - 1]!;
      i--;
    }
    matched[i] = value;
  }
  return matched[majority(members) - 1] ?? 0;
}
