import * as v from 'valibot';
import { node, nodeRef, type LessonVocabulary } from '../../scenario/lesson-parts';

/**
 * The mesh's words in lessons, spelt `mesh.<name>` (evaluated by app/protocols/mesh/lessons.ts):
 * whether some caller's breaker (or `node`'s) is in a state, and making an instance failing or
 * healthy. The mesh has no roles: lessons name its nodes by id.
 */
export const meshLessonVocabulary: LessonVocabulary = {
  conditions: {
    /** Some running caller's breaker (or `node`'s) is in `state`. */
    breakerState: v.strictObject({ state: v.picklist(['closed', 'open', 'half-open']), node: v.optional(node) }),
  },
  actions: {
    makeFailing: v.strictObject({ node: nodeRef }),
    makeHealthy: v.strictObject({ node: nodeRef }),
  },
  roles: [],
};
