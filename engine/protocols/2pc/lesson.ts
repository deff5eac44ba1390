import * as v from 'valibot';
import { node, type LessonVocabulary } from '../../scenario/lesson-parts';

/**
 * Two-phase commit's words in lessons, spelt `2pc.<name>` (evaluated by
 * app/protocols/2pc/lessons.ts): whether a participant is in doubt (voted yes, no decision yet),
 * and whether none is. Lessons may name the coordinator as a role ("crash the coordinator").
 */
export const twoPcLessonVocabulary: LessonVocabulary = {
  conditions: {
    /** A running participant (`node`, or any) is in doubt. */
    inDoubt: v.strictObject({ node: v.optional(node) }),
    /** No participant, running or crashed, is in doubt. */
    noneInDoubt: v.strictObject({}),
  },
  actions: {},
  roles: ['coordinator'],
};
