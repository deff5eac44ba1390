import type { NodeId } from '../../kernel/protocol';
import type { LogEntry, RaftContext, RaftState } from './types';

/**
 * The replicated log and its durable mirror. Every entry lives under its own durable key
 * ('log/17') beside 'logLength', so an append writes O(entries appended), never the whole log.
 * Every change is observed ('append', 'truncate', 'config') so monitors can mirror the log.
 */

export const TERM_KEY = 'term';
export const VOTE_KEY = 'vote';
export const LOG_LENGTH_KEY = 'logLength';
const entryKey = (index: number) => `log/${index}`;

export function lastIndex(state: RaftState): number {
  return state.log.length;
}

/** The term of the entry at `index`; 0 for index 0 (the empty prefix) and beyond the end. */
export function termAt(state: RaftState, index: number): number {
  return index >= 1 ? (state.log[index - 1]?.term ?? 0) : 0;
}

export function lastTerm(state: RaftState): number {
  return termAt(state, state.log.length);
}

export function entryAt(state: RaftState, index: number): LogEntry | undefined {
  return state.log[index - 1];
}

/** What monitors compare entries by: the written value, null for a no-op, the members for a config. */
export function entryDigest(entry: LogEntry): number | string | null {
  switch (entry.kind) {
    case 'write':
      return entry.value;
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
 * it to skip a whole term of mismatching entries per round trip (§5.3, last paragraphs).
 */
export function findConflictByTerm(state: RaftState, index: number, term: number): number {
  let lo = 0;
  let hi = Math.min(index, state.log.length);
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (state.log[mid - 1]!.term <= term) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Appends entries after the last index: durable first, then observed, then configs take effect. */
export function appendToLog(state: RaftState, ctx: RaftContext, entries: readonly LogEntry[]): void {
  if (entries.length === 0) return;
  const first = state.log.length + 1;
  const terms: number[] = [];
  const values: (number | string | null)[] = [];
  let newConfig = false;
  for (const entry of entries) {
    state.log.push(entry);
    const index = state.log.length;
    ctx.durable.put(entryKey(index), entry);
    terms.push(entry.term);
    values.push(entryDigest(entry));
    if (entry.kind === 'config') {
      state.configIndices.push(index);
      newConfig = true;
    }
  }
  ctx.durable.put(LOG_LENGTH_KEY, state.log.length);
  // One event per batch keeps the trace small; the monitor expands it entry by entry.
  ctx.observe('append', { index: first, terms, values });
  // Thesis §4.1: a server uses the latest configuration in its log, committed or not.
  if (newConfig) setMembers(state, ctx, membersFromLog(state));
}

/** Removes every entry from `from` on (a follower's conflicting suffix, §5.3). */
export function truncateLog(state: RaftState, ctx: RaftContext, from: number): void {
  const length = state.log.length;
  if (from > length) return;
  for (let index = from; index <= length; index++) ctx.durable.delete(entryKey(index));
  state.log.length = from - 1;
  ctx.durable.put(LOG_LENGTH_KEY, state.log.length);
  ctx.observe('truncate', { from });
  let droppedConfig = false;
  while (state.configIndices.length > 0 && state.configIndices[state.configIndices.length - 1]! >= from) {
    state.configIndices.pop();
    droppedConfig = true;
  }
  // An uncommitted configuration may be removed with the suffix: fall back to the previous one.
  if (droppedConfig) setMembers(state, ctx, membersFromLog(state));
}

/** The log recovered from durable storage after a restart (or empty on a fresh start). */
export function recoverLog(ctx: RaftContext): LogEntry[] {
  const length = ctx.durable.get<number>(LOG_LENGTH_KEY) ?? 0;
  const log: LogEntry[] = new Array(length);
  for (let index = 1; index <= length; index++) {
    const entry = ctx.durable.get<LogEntry>(entryKey(index));
    if (!entry) throw new Error(`durable log is missing entry ${index} of ${length}`);
    log[index - 1] = entry;
  }
  return log;
}

/** The latest configuration in the log, or the initial one when the log holds none. */
export function membersFromLog(state: RaftState): NodeId[] {
  const index = state.configIndices[state.configIndices.length - 1];
  if (index === undefined) return initialMembers(state);
  const entry = state.log[index - 1]!;
  return entry.kind === 'config' ? entry.members : initialMembers(state);
}

/** The configured first members that exist in this topology, or every slot. */
export function initialMembers(state: RaftState): NodeId[] {
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
