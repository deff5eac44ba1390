import type { NodeId } from '../../kernel/protocol';

/**
 * Range partitioning (Bigtable's tablets, HBase's regions, CockroachDB's ranges): the key space in
 * key order is cut into contiguous ranges, each owned by one node. Here keys are ordered by their
 * number (user:0 < user:1 < ...). A range that holds more than `splitKeys` written keys is split
 * at its median written key, and the new right half goes to the member holding the fewest
 * written keys (the split range migrates); two neighbours holding together fewer than
 * `mergeKeys` written keys merge into the left one's owner. One node decides (the lowest-id
 * member, as a range master: Bigtable's master, HBase's HMaster), one change at a time, and the
 * table travels by gossip with a version: the highest (version, author) wins. Views may differ
 * for a while; that is safe because keys move only by acknowledged chunks from their holder.
 */
export interface RangeTable {
  version: number;
  /** The node that made this version (-1: the initial table); breaks ties between two masters. */
  author: NodeId;
  /** Range i covers key numbers [starts[i], starts[i+1]) (the last one up to K). starts[0] = 0. */
  starts: number[];
  owners: NodeId[];
}

export function initialRanges(keys: number, members: readonly NodeId[]): RangeTable {
  const m = Math.max(1, members.length);
  const starts: number[] = [];
  const owners: NodeId[] = [];
  for (let i = 0; i < m; i++) {
    const start = Math.floor((i * keys) / m);
    if (starts.length > 0 && start === starts[starts.length - 1]) continue;
    starts.push(start);
    owners.push(members[i] ?? -1);
  }
  return { version: 0, author: -1, starts, owners };
}

export const newerRanges = (a: RangeTable, b: RangeTable): boolean => a.version > b.version || (a.version === b.version && a.author > b.author);

/** The owner of every key under the table. */
export function ownersFromRanges(table: RangeTable, keys: number): NodeId[] {
  const out = new Array<NodeId>(keys).fill(-1);
  table.starts.forEach((start, i) => {
    const end = table.starts[i + 1] ?? keys;
    for (let k = start; k < end; k++) out[k] = table.owners[i]!;
  });
  return out;
}

export interface RangeLimits {
  splitKeys: number;
  mergeKeys: number;
}

export type RangeChange =
  | { kind: 'reassign'; range: number; to: NodeId }
  | { kind: 'split'; range: number; at: number; to: NodeId }
  | { kind: 'merge'; range: number };

/**
 * The master's next change, or null: first ranges whose owner left go to a member; then a member
 * without a range gets the right half of the largest one; then an oversized range splits; then
 * two small neighbours merge. `written` says which keys hold a value (as reported to the master).
 */
export function nextRangeChange(table: RangeTable, keys: number, members: readonly NodeId[], written: readonly boolean[], limits: RangeLimits): RangeChange | null {
  if (members.length === 0) return null;
  const n = table.starts.length;
  const end = (i: number) => table.starts[i + 1] ?? keys;
  const size = (i: number) => {
    let c = 0;
    for (let k = table.starts[i]!; k < end(i); k++) if (written[k]) c++;
    return c;
  };
  const load = new Map<NodeId, number>(members.map((m) => [m, 0]));
  for (let i = 0; i < n; i++) if (load.has(table.owners[i]!)) load.set(table.owners[i]!, load.get(table.owners[i]!)! + size(i) + 1);
  const lightest = () => [...load].sort((a, b) => a[1] - b[1] || a[0] - b[0])[0]![0];

  const orphan = table.owners.findIndex((o) => !members.includes(o));
  if (orphan >= 0) return { kind: 'reassign', range: orphan, to: lightest() };

  const idle = members.find((m) => !table.owners.includes(m));
  if (idle !== undefined) {
    // The widest range (by written keys, then by span) gives its right half to the newcomer.
    let best = -1;
    for (let i = 0; i < n; i++) {
      if (end(i) - table.starts[i]! < 2) continue;
      if (best < 0 || size(i) > size(best) || (size(i) === size(best) && end(i) - table.starts[i]! > end(best) - table.starts[best]!)) best = i;
    }
    if (best >= 0) return { kind: 'split', range: best, at: splitPoint(table.starts[best]!, end(best), written), to: idle };
  }

  for (let i = 0; i < n; i++) {
    if (size(i) > limits.splitKeys && end(i) - table.starts[i]! >= 2) {
      return { kind: 'split', range: i, at: splitPoint(table.starts[i]!, end(i), written), to: lightest() };
    }
  }
  if (n > members.length) {
    for (let i = 0; i + 1 < n; i++) {
      // Never take a member's only range: it would be idle and get a split back, in turn forever.
      const rightOwner = table.owners[i + 1]!;
      const keepsOne = rightOwner === table.owners[i] || table.owners.filter((o) => o === rightOwner).length > 1;
      if (keepsOne && size(i) + size(i + 1) < limits.mergeKeys) return { kind: 'merge', range: i };
    }
  }
  return null;
}

/** The median written key of [start, end), or the middle when too few are written; always inside. */
function splitPoint(start: number, end: number, written: readonly boolean[]): number {
  const w: number[] = [];
  for (let k = start; k < end; k++) if (written[k]) w.push(k);
  const at = w.length >= 2 ? w[Math.floor(w.length / 2)]! : Math.floor((start + end) / 2);
  return Math.min(end - 1, Math.max(start + 1, at));
}

export function applyRangeChange(table: RangeTable, change: RangeChange, author: NodeId): RangeTable {
  const starts = [...table.starts];
  const owners = [...table.owners];
  switch (change.kind) {
    case 'reassign':
      owners[change.range] = change.to;
      break;
    case 'split':
      starts.splice(change.range + 1, 0, change.at);
      owners.splice(change.range + 1, 0, change.to);
      break;
    case 'merge':
      starts.splice(change.range + 1, 1);
      owners.splice(change.range + 1, 1);
      break;
  }
  return { version: table.version + 1, author, starts, owners };
}
