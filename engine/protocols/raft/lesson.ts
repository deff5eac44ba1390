import * as v from 'valibot';
import { count, nodeRef, positive, type LessonVocabulary } from '../../scenario/lesson-parts';

/**
 * Raft's words in lessons (engine/scenario/lesson.ts), spelt `raft.<name>` in a lesson file.
 * The page evaluates the conditions and turns the actions into Raft's commands
 * (app/protocols/raft/lessons.ts). Format-1 lessons used these names bare; the lesson
 * migration prefixes them (every format-1 lesson spoke Raft).
 */
const oneNode = v.strictObject({ node: nodeRef });

export const raftLessonVocabulary: LessonVocabulary = {
  conditions: {
    /** A running server leads (in a term >= minTerm; with newTerm, in a term above every term known at the step's start). */
    leaderElected: v.strictObject({ minTerm: v.optional(count), newTerm: v.optional(v.boolean()) }),
    /** Some running server's commitIndex reached index. */
    committedAtLeast: v.strictObject({ index: count }),
    /** The highest commitIndex grew by count since the step began. */
    committedMore: v.strictObject({ count: positive }),
    /** Some running server is in term >= term. */
    termAtLeast: v.strictObject({ term: count }),
    /** Since the step began, an election ended without a winner: a later election started and no leader was elected for the earlier term. */
    splitVote: v.strictObject({}),
    /** No two running servers hold entries of different terms at one index. */
    logsAgree: v.strictObject({}),
    /** The newest configuration a running server knows has between atLeast and atMost members. */
    memberCount: v.pipe(
      v.strictObject({ atLeast: v.optional(positive), atMost: v.optional(positive) }),
      v.check((c) => c.atLeast !== undefined || c.atMost !== undefined, 'memberCount needs atLeast or atMost'),
    ),
  },
  actions: {
    forceTimeout: oneNode,
    clientWrite: oneNode,
    clientRead: oneNode,
    removeServer: oneNode,
    addServer: v.strictObject({}),
  },
  roles: ['leader', 'follower'],
};
