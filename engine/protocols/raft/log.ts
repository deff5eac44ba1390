import type { NodeId } from '../../kernel/protocol';
import type { LogEntry, RaftContext, RaftState, Snapshot } from './types';

/**
 * The replicated log and its durable mirror. Every entry lives under its own durable key
 * ('log/17') beside 'logLength' (the last index), so an append writes O(entries appended),
 * never the whole log. Log compaction (§7) replaces a prefix with a snapshot ('snapshot'), and
 * the compacted entries' keys are deleted. Every change is observed ('append', 'truncate',
 * 'snapshot', 'config') so monitors can mirror the log.
 */

export const TERM_KEY = 'term';
export const VOTE_KEY = 'vote';
export const LOG_LENGTH_KEY = 'logLength';
export const SNAPSHOT_KEY = 'snapshot';
/** The log's entries are durable items 'log/1', 'log/2', ... (DurableStore.putAt: no key string per entry). */
const LOG = 'log';

/** The last index covered by the snapshot: the log holds the indices after it. */
export function snapshotIndex(state: RaftState): number {
  return state.snapshot.lastIncludedIndex;
}

export function lastIndex(state: RaftState): number {
  return state.snapshot.lastIncludedIndex + state.log.length;
}

/**
 * The term of the entry at `index`; 0 for index 0 (the empty prefix) and beyond the end. An
 * index inside the snapshot has no term any more: asking for one is a bug, so it throws.
 */
export function termAt(state: RaftState, index: number): number {
  const base = state.snapshot.lastIncludedIndex;
  if (index > base) return state.log[index - base - 1]?.term ?? 0;
  if (index === base) return state.snapshot.lastIncludedTerm;
  throw new RangeError(`node ${state.self}: the term of index ${index} was compacted into the snapshot up to ${base}`);
}

export function lastTerm(state: RaftState): number {
  return termAt(state, lastIndex(state));
}

/** The entry at `index`, undefined beyond the end and inside the snapshot. */
export function entryAt(state: RaftState, index: number): LogEntry | undefined {
  const base = state.snapshot.lastIncludedIndex;
  return index > base ? state.log[index - base - 1] : undefined;
}

/** What monitors compare entries by: the written value, null for a no-op, the members for a config. */
export function entryDigest(entry: LogEntry): number | string | null {
  switch (entry.kind) {
    case 'write':
      return entry.key === undefined ? entry.value : `${entry.key}=${entry.value}`;
    case 'noop':
      return null;
    case 'config':
      return `config ${entry.members.join(',')}`;
  }
}

/** §5.4.1: a candidate's log is at least as up-to-date as ours (last term, then length). */
export function isUpToDate(state: RaftState, lastLogIndex: number, lastLogTerm: number): boolean {
  const myTerm = lastTerm(state);
  return lastLogTerm > myTerm || (lastLogTerm === myTerm && lastLogIndex >= lastIndex(state));
}

/**
 * The largest index <= `index` whose term is <= `term` (etcd's findConflictByTerm). Terms never
 * decrease along a log, so this is a binary search. Both sides of a rejected AppendEntries use
 * it to skip a whole term of mismatching entries per round trip (§5.3, last paragraphs). Below
 * the snapshot nothing is known: an `index` there comes back as it is (etcd does the same), and
 * the search never goes below the snapshot's own index.
 */
export function findConflictByTerm(state: RaftState, index: number, term: number): number {
  const base = state.snapshot.lastIncludedIndex;
  if (index <= base) return index;
  let lo = base;
  let hi = Math.min(index, lastIndex(state));
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (state.log[mid - base - 1]!.term <= term) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Appends entries after the last index: durable first, then observed, then configs take effect. */
export function appendToLog(state: RaftState, ctx: RaftContext, entries: readonly LogEntry[]): void {
  if (entries.length === 0) return;
  const first = lastIndex(state) + 1;
  const terms: number[] = [];
  const values: (number | string | null)[] = [];
  let newConfig = false;
  for (const entry of entries) {
    state.log.push(entry);
    const index = lastIndex(state);
    // Handed over, not copied (kernel/hand-over.ts): entries are never changed once made, and
    // this one is fresh or came in a message.
    ctx.durable.putAt(LOG, index, entry, true);
    terms.push(entry.term);
    values.push(entryDigest(entry));
    if (entry.kind === 'config') {
      state.configIndices.push(index);
      newConfig = true;
    }
  }
  ctx.durable.put(LOG_LENGTH_KEY, lastIndex(state));
  // One event per batch keeps the trace small; the monitor expands it entry by entry. Fresh
  // data, handed over (kernel/hand-over.ts).
  ctx.observe('append', { index: first, terms, values }, true);
  // Thesis §4.1: a server uses the latest configuration in its log, committed or not.
  if (newConfig) setMembers(state, ctx, membersFromLog(state));
}

/** Removes every entry from `from` on (a follower's conflicting suffix, §5.3); never snapshotted ones. */
export function truncateLog(state: RaftState, ctx: RaftContext, from: number): void {
  const length = lastIndex(state);
  if (from > length) return;
  for (let index = from; index <= length; index++) ctx.durable.deleteAt(LOG, index);
  state.log.length = from - 1 - snapshotIndex(state);
  ctx.durable.put(LOG_LENGTH_KEY, lastIndex(state));
  ctx.observe('truncate', { from });
  let droppedConfig = false;
  while (state.configIndices.length > 0 && state.configIndices[state.configIndices.length - 1]! >= from) {
    state.configIndices.pop();
    droppedConfig = true;
  }
  // An uncommitted configuration may be removed with the suffix: fall back to the previous one.
  if (droppedConfig) setMembers(state, ctx, membersFromLog(state));
}

/**
 * Puts `snapshot` in place of the log up to its lastIncludedIndex (§7): the snapshot is written
 * first, then the entries it covers are deleted, so a crash in between loses nothing. With
 * `keepSuffix` the entries after it stay (a server's own snapshot; Figure 13 step 6, when the
 * log holds the snapshot's last entry); without, the whole log goes (step 7). `from` names
 * the leader whose InstallSnapshot this is, null for a server's own.
 */
export function saveSnapshot(state: RaftState, ctx: RaftContext, snapshot: Snapshot, keepSuffix: boolean, from: NodeId | null): void {
  const base = snapshotIndex(state);
  const last = lastIndex(state);
  const index = snapshot.lastIncludedIndex;
  const dropUpTo = keepSuffix ? index : last;
  ctx.durable.put(SNAPSHOT_KEY, snapshot);
  for (let i = base + 1; i <= dropUpTo; i++) ctx.durable.deleteAt(LOG, i);
  state.log = keepSuffix ? state.log.slice(index - base) : [];
  state.snapshot = { ...snapshot, members: [...snapshot.members] };
  if (!keepSuffix) ctx.durable.put(LOG_LENGTH_KEY, index);
  state.configIndices = state.configIndices.filter((i) => i > index && i <= lastIndex(state));
  ctx.observe('snapshot', {
    index,
    term: snapshot.lastIncludedTerm,
    value: snapshot.value,
    members: [...snapshot.members],
    ...(from === null ? {} : { from }),
  });
  // The configuration in force may have come from a discarded entry: take the latest again.
  setMembers(state, ctx, membersFromLog(state));
}

/** The snapshot and the log after it, recovered from durable storage (both empty on a fresh start). */
export function recoverLog(ctx: RaftContext, initial: NodeId[]): { snapshot: Snapshot; log: LogEntry[] } {
  const snapshot = ctx.durable.get<Snapshot>(SNAPSHOT_KEY) ?? { lastIncludedIndex: 0, lastIncludedTerm: 0, value: null, members: initial };
  const base = snapshot.lastIncludedIndex;
  const length = ctx.durable.get<number>(LOG_LENGTH_KEY) ?? base;
  const log: LogEntry[] = new Array(Math.max(0, length - base));
  for (let index = base + 1; index <= length; index++) {
    const entry = ctx.durable.getAt<LogEntry>(LOG, index);
    if (!entry) throw new Error(`durable log is missing entry ${index} of ${length}`);
    log[index - base - 1] = entry;
  }
  return { snapshot, log };
}

/** The latest configuration in the log, or the snapshot's when the log holds none (thesis §5.1). */
export function membersFromLog(state: RaftState): NodeId[] {
  const index = state.configIndices[state.configIndices.length - 1];
  const entry = index === undefined ? undefined : entryAt(state, index);
  return entry?.kind === 'config' ? entry.members : state.snapshot.members;
}

/** The configuration as of `index` (at most the last index): what a snapshot there records. */
export function membersAt(state: RaftState, index: number): NodeId[] {
  for (let k = state.configIndices.length - 1; k >= 0; k--) {
    const at = state.configIndices[k]!;
    const entry = at <= index ? entryAt(state, at) : undefined;
    if (entry?.kind === 'config') return entry.members;
  }
  return state.snapshot.members;
}

/** The configured first members that exist in this topology, or every slot. */
export function initialMembers(state: Pick<RaftState, 'config' | 'nodeCount'>): NodeId[] {
  const named = state.config.initialMembers?.filter((id) => id < state.nodeCount) ?? [];
  return named.length > 0 ? named : Array.from({ length: state.nodeCount }, (_, i) => i);
}

function setMembers(state: RaftState, ctx: RaftContext, members: NodeId[]): void {
  if (sameMembers(state.members, members)) return;
  state.members = [...members];
  ctx.observe('config', { members: [...members] });
}

function sameMembers(a: readonly NodeId[], b: readonly NodeId[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}
