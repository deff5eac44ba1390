import type { LessonFacts } from '../ui';
import { currentLeader, members, someFollower } from './leader';
import { raftObservation } from './observations';
import { asRaftView } from './view';

/**
 * What lessons read of a Raft run (`ProtocolUi.lessonFacts`): the leader and a follower by the
 * one way of finding them (leader.ts), terms, commit indices, split votes and log agreement.
 */
export const raftLessonFacts: LessonFacts = {
  leader: currentLeader,
  follower: someFollower,
  members,
  termOf: (node) => (node?.up ? (asRaftView(node.view)?.term ?? null) : null),
  maxTerm: (nodes) => Math.max(0, ...nodes.map((n) => (n.up ? (asRaftView(n.view)?.term ?? 0) : 0))),
  maxCommit: (nodes) => Math.max(0, ...nodes.map((n) => (n.up ? (asRaftView(n.view)?.commitIndex ?? 0) : 0))),

  lastLeader(trace, now) {
    for (let i = trace.length - 1; i >= 0; i--) {
      const e = trace[i]!;
      if (e.at <= now && raftObservation(e)?.what === 'leader') return e.node;
    }
    return null;
  },

  /**
   * An election that found no winner: some term T had a candidate, a later election (term > T)
   * started, and no server became leader of T.
   */
  splitVote(observations) {
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
  },

  /** No two running servers hold entries of different terms at one index (over what the views show). */
  logsAgree(nodes) {
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
  },
};
