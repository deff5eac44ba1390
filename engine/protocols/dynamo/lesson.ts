import * as v from 'valibot';
import { count, nodeRef, type LessonVocabulary } from '../../scenario/lesson-parts';

/**
 * The Dynamo-style store's words in lessons, spelt `dynamo.<name>` (evaluated by
 * app/protocols/dynamo/lessons.ts): how many hinted versions running nodes hold for others
 * (sloppy quorum, hinted handoff, the paper's §4.6), and a client update sent to a coordinator.
 * No roles: every node is a peer.
 */
export const dynamoLessonVocabulary: LessonVocabulary = {
  conditions: {
    /** Running nodes hold between atLeast and atMost hinted versions for other nodes, in all. */
    hintsHeld: v.pipe(
      v.strictObject({ atLeast: v.optional(count), atMost: v.optional(count) }),
      v.check((c) => c.atLeast !== undefined || c.atMost !== undefined, 'hintsHeld needs atLeast or atMost'),
    ),
  },
  actions: {
    /** A client update of the key the ring panel shows (user:1 unless the learner picked another), coordinated by `node`. */
    update: v.strictObject({ node: nodeRef }),
  },
  roles: [],
};
