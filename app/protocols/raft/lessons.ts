import type { NodeId } from '../../../engine/kernel/protocol';
import type { TraceEvent } from '../../../engine/kernel/trace';
import type { Micros } from '../../../engine/kernel/time';
import type { NodeRef } from '../../../engine/scenario/lesson';
import type { LessonActionUi, LessonConditionUi, LessonUi, Resolved, StepEntry } from '../../lessons/contract';
import { nodeLabel, observationsSince, type LessonWorld } from '../../lessons/world';
import type { NodeState } from '../../store/types';
import { currentLeader, members, someFollower } from './leader';
import { raftObservation } from './observations';
import { asRaftView } from './view';

/**
 * Raft's words in lessons (`raft.leaderElected`, `raft.forceTimeout`, ...; validated by
 * engine/protocols/raft/lesson.ts): what they mean over the page's store, in Raft's terms.
 * "The leader" and "a follower" are found the one way (leader.ts); the actions become Raft's
 * commands (commands.ts) through the page's one dispatcher.
 */

/** Raft's part of a step's entry: the highest term and commit index when the step began. */
interface RaftEntry {
  maxTerm: number;
  maxCommit: number;
}

const termOf = (node: NodeState | undefined): number | null => (node?.up ? (asRaftView(node.view)?.term ?? null) : null);
export const maxTerm = (nodes: readonly NodeState[]): number => Math.max(0, ...nodes.map((n) => termOf(n) ?? 0));
export const maxCommit = (nodes: readonly NodeState[]): number => Math.max(0, ...nodes.map((n) => (n.up ? (asRaftView(n.view)?.commitIndex ?? 0) : 0)));
const own = (entry: StepEntry | null): RaftEntry => (entry?.own as RaftEntry | null) ?? { maxTerm: 0, maxCommit: 0 };

/** The node that most recently became leader, up to `now`, by the trace (it may have crashed since). */
export function lastLeader(trace: readonly TraceEvent[], now: Micros): NodeId | null {
  for (let i = trace.length - 1; i >= 0; i--) {
    const e = trace[i]!;
    if (e.at <= now && raftObservation(e)?.what === 'leader') return e.node;
  }
  return null;
}

/**
 * An election that found no winner: some term T had a candidate, a later election (term > T)
 * started, and no server became leader of T.
 */
export function splitVote(observations: readonly Extract<TraceEvent, { kind: 'observe' }>[]): boolean {
  const elected = new Set<number>();
  const started: number[] = [];
  for (const e of observations) {
    const o = raftObservation(e);
    if (!o || (o.what !== 'leader' && o.what !== 'election')) continue;
    const term = (o.data as { term?: unknown }).term;
    if (typeof term !== 'number') continue;
    if (o.what === 'leader') elected.add(term);
    else started.push(term);
  }
  const highest = Math.max(-1, ...started);
  return started.some((t) => t < highest && !elected.has(t));
}

/** No two running servers hold entries of different terms at one index (over what the views show). */
export function logsAgree(nodes: readonly NodeState[]): boolean {
  const termAt = new Map<number, number>();
  for (const n of nodes) {
    const log = n.up ? asRaftView(n.view)?.log : undefined;
    if (!log) continue;
    for (const entry of log) {
      const seen = termAt.get(entry.index);
      if (seen === undefined) termAt.set(entry.index, entry.term);
      else if (seen !== entry.term) return false;
    }
  }
  return true;
}

/** A condition's fields, as the engine's vocabulary validated them. */
type Fields<T> = { kind: `${string}.${string}` } & T;
const condition = <T>(c: LessonConditionUi<Fields<T>>) => c as unknown as LessonConditionUi;

const conditions: Record<string, LessonConditionUi> = {
  leaderElected: condition<{ minTerm?: number; newTerm?: boolean }>({
    holds(c, world, entry) {
      const leader = currentLeader(world.nodes);
      if (leader === null) return false;
      const term = termOf(world.nodes.find((n) => n.id === leader)) ?? 0;
      if (c.minTerm !== undefined && term < c.minTerm) return false;
      if (c.newTerm && term <= own(entry).maxTerm) return false;
      return true;
    },
    describe(c) {
      if (c.newTerm) return 'a new leader, in a later term';
      return c.minTerm !== undefined ? `a leader in term ${c.minTerm} or later` : 'a leader to be elected';
    },
  }),
  committedAtLeast: condition<{ index: number }>({
    holds: (c, world) => maxCommit(world.nodes) >= c.index,
    describe: (c) => `entry ${c.index} to be committed`,
  }),
  committedMore: condition<{ count: number }>({
    holds: (c, world, entry) => maxCommit(world.nodes) >= own(entry).maxCommit + c.count,
    describe: (c) => (c.count === 1 ? 'one more committed entry' : `${c.count} more committed entries`),
  }),
  termAtLeast: condition<{ term: number }>({
    holds: (c, world) => maxTerm(world.nodes) >= c.term,
    describe: (c) => `term ${c.term}`,
  }),
  splitVote: condition<object>({
    holds: (_c, world, entry) => splitVote(observationsSince(world, entry.atUs)),
    describe: () => 'an election without a winner (a split vote)',
  }),
  logsAgree: condition<object>({
    holds: (_c, world) => logsAgree(world.nodes),
    describe: () => 'every log to agree',
  }),
  memberCount: condition<{ atLeast?: number; atMost?: number }>({
    holds(c, world) {
      const n = members(world.nodes).length;
      return (c.atLeast === undefined || n >= c.atLeast) && (c.atMost === undefined || n <= c.atMost);
    },
    describe(c) {
      if (c.atLeast !== undefined && c.atMost !== undefined && c.atLeast === c.atMost) return `${c.atLeast} members`;
      if (c.atLeast !== undefined) return `at least ${c.atLeast} members`;
      return `at most ${c.atMost} members`;
    },
    /** A learner adds a server (the toolbar's + Server) or removes a follower. */
    learner(c, world) {
      const n = members(world.nodes).length;
      if (c.atLeast !== undefined && n < c.atLeast) return { calls: [{ name: 'addServer', args: [] }], said: 'add a server' };
      if (c.atMost !== undefined && n > c.atMost) {
        const f = someFollower(world.nodes);
        return f === null ? null : { calls: [{ name: 'removeServer', args: [f] }], said: `remove ${nodeLabel(f)}` };
      }
      return null;
    },
  }),
};

/** An action on one node: Raft's node command of the same name, on the node the reference names now. */
function nodeAction(command: string, verb: string): LessonActionUi {
  return {
    resolve(action, _world, node): Resolved {
      const id = node(action.node as NodeRef);
      if (typeof id === 'string') return { ok: false, problem: `Could not ${verb}: ${id}.` };
      return { ok: true, call: { name: command, args: [id] } };
    },
  };
}

const actions: Record<string, LessonActionUi> = {
  forceTimeout: nodeAction('forceTimeout', 'time the server out'),
  clientWrite: nodeAction('clientWrite', 'send a write'),
  clientRead: nodeAction('clientRead', 'send a read'),
  removeServer: nodeAction('removeServer', 'remove the server'),
  addServer: { resolve: () => ({ ok: true, call: { name: 'addServer', args: [] } }) },
};

export const raftLessons: LessonUi = {
  roles: {
    leader: {
      holder: (world) => currentLeader(world.nodes),
      // "Crash the leader": the leader of then, or the last one seen when none leads now.
      atEntry(world: LessonWorld) {
        const leader = currentLeader(world.nodes) ?? lastLeader(world.trace, world.now);
        return leader === null ? [] : [leader];
      },
      words: 'the leader',
      single: true,
      missing: 'there is no leader right now',
    },
    follower: {
      holder: (world) => someFollower(world.nodes),
      // "Crash a follower": any server running then but the leader.
      atEntry(world) {
        const leader = currentLeader(world.nodes);
        return world.nodes.filter((n) => n.up && n.id !== leader).map((n) => n.id);
      },
      words: 'a follower',
      single: false,
      missing: 'there is no running follower right now',
    },
  },
  members,
  expendable: someFollower,
  capture: (world): RaftEntry => ({ maxTerm: maxTerm(world.nodes), maxCommit: maxCommit(world.nodes) }),
  conditions,
  actions,
};
