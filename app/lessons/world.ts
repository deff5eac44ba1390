import type { NodeId } from '../../engine/kernel/protocol';
import type { TraceEvent } from '../../engine/kernel/trace';
import type { Micros } from '../../engine/kernel/time';
import type { NodeState, SimState } from '../store/types';

/**
 * What a lesson looks at: the slice of the store that conditions read, and the clock (playing,
 * speed) a revisited step puts back (the page passes `useSim.getState()`; tests build one from
 * the in-process runner). Plain data, read only.
 */
export type LessonWorld = Pick<SimState, 'now' | 'nodes' | 'trace' | 'links' | 'playing' | 'speed'>;

/** Raft's view of one server, as far as lessons need it (Raft's view() in raft.ts). */
export interface RaftViewLite {
  role?: string;
  term?: number;
  commitIndex?: number;
  members?: number[];
  log?: { index: number; term: number }[];
}

export const raftView = (n: NodeState | undefined): RaftViewLite | null => (n?.up && n.view ? (n.view as RaftViewLite) : null);

export const nodeById = (world: LessonWorld, id: NodeId): NodeState | undefined => world.nodes.find((n) => n.id === id);

/** The running leader of the highest term, or null. */
export function currentLeader(world: LessonWorld): NodeId | null {
  let best: NodeState | null = null;
  for (const n of world.nodes) {
    const v = raftView(n);
    if (v?.role !== 'leader') continue;
    if (!best || (v.term ?? 0) > (raftView(best)!.term ?? 0)) best = n;
  }
  return best ? best.id : null;
}

/** The node of the latest `leader` observation in the trace (it may have crashed since). */
export function lastObservedLeader(world: LessonWorld): NodeId | null {
  for (let i = world.trace.length - 1; i >= 0; i--) {
    const e = world.trace[i]!;
    if (e.kind === 'observe' && e.what === 'leader' && e.at <= world.now) return e.node;
  }
  return null;
}

export function maxTerm(world: LessonWorld): number {
  let t = 0;
  for (const n of world.nodes) t = Math.max(t, raftView(n)?.term ?? 0);
  return t;
}

export function maxCommit(world: LessonWorld): number {
  let c = 0;
  for (const n of world.nodes) c = Math.max(c, raftView(n)?.commitIndex ?? 0);
  return c;
}

/**
 * The newest configuration a running server knows (the leader's if there is one: it appends
 * changes first). Without any view, the running servers.
 */
export function members(world: LessonWorld): NodeId[] {
  const leader = currentLeader(world);
  const source = leader !== null ? nodeById(world, leader) : world.nodes.find((n) => Array.isArray(raftView(n)?.members));
  const list = source ? raftView(source)?.members : undefined;
  return Array.isArray(list) ? [...list] : world.nodes.filter((n) => n.up).map((n) => n.id);
}

/** The first running follower that is a member (lowest id), or null. */
export function someFollower(world: LessonWorld): NodeId | null {
  const m = new Set(members(world));
  const f = world.nodes.find((n) => m.has(n.id) && raftView(n)?.role === 'follower');
  return f ? f.id : null;
}

/** Observations at or after `from` (and not after now: a seek back hides the future). */
export function observationsSince(world: LessonWorld, from: Micros): Extract<TraceEvent, { kind: 'observe' }>[] {
  const out: Extract<TraceEvent, { kind: 'observe' }>[] = [];
  // The trace is in time order: walk back from the end to the step's start.
  for (let i = world.trace.length - 1; i >= 0; i--) {
    const e = world.trace[i]!;
    if (e.at < from) break;
    if (e.kind === 'observe' && e.at <= world.now) out.push(e);
  }
  return out.reverse();
}

export const nodeLabel = (id: NodeId) => `S${id + 1}`;
