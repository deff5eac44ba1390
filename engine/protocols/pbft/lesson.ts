import * as v from 'valibot';
import { count, nodeRef, type LessonVocabulary } from '../../scenario/lesson-parts';

/**
 * PBFT's words in lessons, spelt `pbft.<name>` (evaluated by app/protocols/pbft/lessons.ts):
 * whether a running replica executed up to a sequence number, whether the replicas reached a
 * view, and an action that makes a node lie by one of PBFT's byzantine policies. Its role:
 * `primary`, the primary of the latest view a running replica is in.
 */
export const pbftLessonVocabulary: LessonVocabulary = {
  conditions: {
    /** Some running replica executed sequence number `seq` or later. */
    executedAtLeast: v.strictObject({ seq: count }),
    /** Some running replica works in view `view` or later (status normal). */
    viewAtLeast: v.strictObject({ view: count }),
  },
  actions: {
    makeByzantine: v.strictObject({ node: nodeRef, policy: v.picklist(['equivocate', 'forge-votes', 'silent']) }),
  },
  roles: ['primary'],
};
