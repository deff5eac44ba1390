import * as v from 'valibot';
import { nodeRef, type LessonVocabulary } from '../../scenario/lesson-parts';

/**
 * Primary-replica's words in lessons, spelt `primary-replica.<name>` (evaluated by
 * app/protocols/primary-replica/lessons.ts): a primary in a new enough epoch, acknowledged writes
 * lost, two primaries at once; a manual failover. The role `primary` names the current primary.
 */
const count = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(1_000_000));

export const primaryReplicaLessonVocabulary: LessonVocabulary = {
  conditions: {
    /** A running server is primary in an epoch of at least `minEpoch`. */
    primaryIn: v.strictObject({ minEpoch: count }),
    /** At least `atLeast` acknowledged writes were lost (the page's ledger over its trace). */
    lostWrites: v.strictObject({ atLeast: count }),
    /** Two or more running servers act as primary at once. */
    splitBrain: v.strictObject({}),
  },
  actions: {
    /** A manual failover: the server takes the lease by force. */
    promote: v.strictObject({ node: nodeRef }),
  },
  roles: ['primary'],
};
