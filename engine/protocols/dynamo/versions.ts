import { compareClocks, mergeAll, type VectorClock } from './clock';

/**
 * One version of a key's value (Dynamo §4.4): the value, its vector clock, and the stamp that
 * made it (actor and counter, written "S2:5"): a version's identity, the same on every node
 * that holds a copy.
 */
export interface Version {
  value: string;
  clock: VectorClock;
  dot: string;
}

/**
 * What a get returns with its versions and a put hands back (§4.1: opaque to the client): the
 * merged clock of the versions read, which a put supersedes. `seen` lists the versions' dots;
 * the protocol never reads it: it is there so the monitors know what the client truly saw,
 * independently of clock truncation.
 */
export interface CausalContext {
  clock: VectorClock;
  seen: string[];
}

export const EMPTY_CONTEXT: CausalContext = { clock: [], seen: [] };

/**
 * Adds `incoming` to the sibling set `stored` (§4.4 syntactic reconciliation): a version that an
 * already stored one descends (or the same stamp) is ignored; stored versions that the incoming
 * one descends are dropped; concurrent ones stay side by side. Returns the new set and the dots
 * it dropped (sorted by dot, so the set's order never depends on arrival order).
 */
export function addVersion(stored: readonly Version[], incoming: Version): { versions: Version[]; added: boolean; dropped: string[] } {
  for (const s of stored) {
    if (s.dot === incoming.dot) return { versions: [...stored], added: false, dropped: [] };
    const order = compareClocks(s.clock, incoming.clock);
    if (order === 'after' || (order === 'equal' && s.dot > incoming.dot)) return { versions: [...stored], added: false, dropped: [] };
  }
  const dropped: string[] = [];
  const kept: Version[] = [];
  for (const s of stored) {
    const order = compareClocks(incoming.clock, s.clock);
    if (order === 'after' || order === 'equal') dropped.push(s.dot);
    else kept.push(s);
  }
  kept.push(incoming);
  kept.sort((a, b) => (a.dot < b.dot ? -1 : a.dot > b.dot ? 1 : 0));
  return { versions: kept, added: true, dropped };
}

/** The maximal versions among `all` (the sibling set a read returns), deduplicated by dot. */
export function reconcile(all: readonly Version[]): Version[] {
  let set: Version[] = [];
  for (const v of all) set = addVersion(set, v).versions;
  return set;
}

/** The context a client gets with `versions`: their merged clock and their dots. */
export function contextOf(versions: readonly Version[]): CausalContext {
  return { clock: mergeAll(versions.map((v) => v.clock)), seen: versions.map((v) => v.dot) };
}

/** True when `set` holds every version of `wanted` (by dot) or something that supersedes it. */
export function covers(set: readonly Version[], wanted: readonly Version[]): boolean {
  return wanted.every((w) => set.some((s) => s.dot === w.dot || compareClocks(s.clock, w.clock) === 'after'));
}
