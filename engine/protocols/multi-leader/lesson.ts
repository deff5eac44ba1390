import * as v from 'valibot';
import type { LessonVocabulary } from '../../scenario/lesson-parts';

/**
 * Multi-leader replication's words in lessons, spelt `multi-leader.<name>` (evaluated by
 * app/protocols/multi-leader/lessons.ts): whether a key holds siblings at some running leader,
 * whether a write was lost under last writer wins, and whether every running leader holds the
 * same state. No roles: every node is a leader, named by id.
 */
export const multiLeaderLessonVocabulary: LessonVocabulary = {
  conditions: {
    /** Some running leader holds two or more siblings of a key. */
    siblings: v.strictObject({}),
    /** Some running leader has seen last writer wins throw an acknowledged write away. */
    lostWrite: v.strictObject({}),
    /** Every running leader holds the same registers, counter and cart. */
    agree: v.strictObject({}),
  },
  actions: {},
  roles: [],
};
