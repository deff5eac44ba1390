import type { NodeId } from '../../kernel/protocol';

/**
 * Ballots ("proposal numbers", Paxos Made Simple §2.2): totally ordered, and no two proposers
 * ever use the same one. A ballot is one number, `round * BALLOT_SPAN + proposer`, so comparing
 * ballots is comparing numbers and the proposer breaks ties between equal rounds. Round 0 is
 * "no ballot": every real ballot is at least round 1. Shared by paxos and multi-paxos.
 */
export type Ballot = number;

export const NO_BALLOT: Ballot = 0;
/** More than any topology's node count (scenario/schema.ts MAX_NODES = 128). */
export const BALLOT_SPAN = 1000;

export function ballotFor(round: number, proposer: NodeId): Ballot {
  return round * BALLOT_SPAN + proposer;
}

export function roundOf(ballot: Ballot): number {
  return Math.floor(ballot / BALLOT_SPAN);
}

export function proposerOf(ballot: Ballot): NodeId {
  return ballot % BALLOT_SPAN;
}

/** "3.S2": round 3 of S2's ballots; "none" for no ballot. */
export function ballotLabel(ballot: Ballot, nameOf: (id: NodeId) => string): string {
  return ballot === NO_BALLOT ? 'none' : `${roundOf(ballot)}.${nameOf(proposerOf(ballot))}`;
}

/** A majority of `n` acceptors: any two such sets intersect (§2.1). */
export function majority(n: number): number {
  return Math.floor(n / 2) + 1;
}

/** Reads a number setting in ms, with bounds; throws a RangeError naming the field (shared: ../lib/settings.ts). */
export { rangedSetting as numberSetting } from '../lib/settings';

/** Checks a raw config names only `known` settings (a share link may carry anything). */
export function onlySettings(raw: Record<string, unknown>, known: readonly string[]): void {
  for (const key of Object.keys(raw)) {
    if (!known.includes(key)) throw new RangeError(`unknown setting "${key.slice(0, 40)}" (known: ${known.join(', ')})`);
  }
}
