import type { NodeId } from '../../../engine/kernel/protocol';

/**
 * The shape of Raft's `view()` (engine/protocols/raft/raft.ts) as the page reads it. The store
 * keeps views as `Record<string, unknown>`, so this is the one place that knows the fields; a
 * field of the wrong type reads as absent instead of crashing a view.
 */
export type RaftRole = 'follower' | 'precandidate' | 'candidate' | 'leader';

export interface RaftViewEntry {
  index: number;
  term: number;
  kind: 'write' | 'noop' | 'config';
  /** The written value, null for a no-op, "config 0,1,2" for a configuration. */
  value: number | string | null;
}

export interface RaftView {
  role: RaftRole;
  term: number;
  votedFor: NodeId | null;
  leader: NodeId | null;
  members: NodeId[];
  commitIndex: number;
  appliedValue: number | null;
  /** The last index (the log's length, counting what the snapshot replaced). */
  logLength: number;
  /** Log compaction (§7): entries up to snapshotIndex live only in a snapshot of term snapshotTerm; 0: none. */
  snapshotIndex: number;
  snapshotTerm: number;
  /** The last (at most 200) entries, ascending by index, all after the snapshot. */
  log: RaftViewEntry[];
  /** Leaders only, indexed by node id. */
  nextIndex: number[] | null;
  matchIndex: number[] | null;
  /** (Pre-)candidates only: per node, true granted, false refused, null no answer yet. */
  votes: (boolean | null)[] | null;
}

const ROLES: readonly string[] = ['follower', 'precandidate', 'candidate', 'leader'];

const num = (v: unknown, fallback = 0): number => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);
const numOrNull = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const numArray = (v: unknown): number[] | null => (Array.isArray(v) ? v.map((x) => num(x)) : null);

/** Reads a Raft view out of a node's `view` field; null when the node is down or not Raft. */
export function asRaftView(view: Record<string, unknown> | null | undefined): RaftView | null {
  if (!view || typeof view !== 'object' || typeof view.role !== 'string' || !ROLES.includes(view.role)) return null;
  const log: RaftViewEntry[] = [];
  if (Array.isArray(view.log)) {
    for (const raw of view.log as unknown[]) {
      if (!raw || typeof raw !== 'object') continue;
      const e = raw as Record<string, unknown>;
      const kind = e.kind === 'noop' || e.kind === 'config' ? e.kind : 'write';
      const value = typeof e.value === 'number' || typeof e.value === 'string' ? e.value : null;
      log.push({ index: num(e.index), term: num(e.term), kind, value });
    }
  }
  return {
    role: view.role as RaftRole,
    term: num(view.term),
    votedFor: numOrNull(view.votedFor),
    leader: numOrNull(view.leader),
    members: numArray(view.members) ?? [],
    commitIndex: num(view.commitIndex),
    appliedValue: numOrNull(view.appliedValue),
    logLength: num(view.logLength, log.length),
    snapshotIndex: num(view.snapshotIndex),
    snapshotTerm: num(view.snapshotTerm),
    log,
    nextIndex: numArray(view.nextIndex),
    matchIndex: numArray(view.matchIndex),
    votes: Array.isArray(view.votes) ? (view.votes as unknown[]).map((v) => (typeof v === 'boolean' ? v : null)) : null,
  };
}

/** "pre-candidate" reads better than the code's "precandidate". */
export function roleLabel(role: RaftRole): string {
  return role === 'precandidate' ? 'pre-candidate' : role;
}
