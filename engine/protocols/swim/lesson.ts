import * as v from 'valibot';
import { node, type LessonVocabulary } from '../../scenario/lesson-parts';

/**
 * SWIM's words in lessons, spelt `swim.<name>` (evaluated by app/protocols/swim/lessons.ts):
 * what members hold about one another in their membership lists. No roles: every member is a
 * peer, named by id.
 */
export const swimLessonVocabulary: LessonVocabulary = {
  conditions: {
    /**
     * A running member holds `node` suspect (any member, when absent); with `everyone`, every
     * other running member does.
     */
    suspected: v.strictObject({ node: v.optional(node), everyone: v.optional(v.boolean()) }),
    /** A running member holds `node` dead (any member, when absent). */
    declaredDead: v.strictObject({ node: v.optional(node) }),
    /** Every running member holds every running member alive. */
    allAlive: v.strictObject({}),
  },
  actions: {},
  roles: [],
};
