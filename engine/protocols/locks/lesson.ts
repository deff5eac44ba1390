import * as v from 'valibot';
import { node, type LessonVocabulary } from '../../scenario/lesson-parts';

/**
 * The lock service's words in lessons, spelt `locks.<name>` (evaluated by
 * app/protocols/locks/lessons.ts): whether a client believes it holds the lock, and whether one
 * believes it while its lease has in fact run out (the paused holder). Lessons may name the
 * client that believes it holds the lock as the role `holder`.
 */
export const locksLessonVocabulary: LessonVocabulary = {
  conditions: {
    /** A client (`node`, or any) believes it holds the lock. */
    holds: v.strictObject({ node: v.optional(node) }),
    /** A client (`node`, or any) believes it holds the lock although its lease ran out. */
    expiredBelief: v.strictObject({ node: v.optional(node) }),
  },
  actions: {},
  roles: ['holder'],
};
