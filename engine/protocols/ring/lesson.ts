import * as v from 'valibot';
import { count, nodeRef, type LessonVocabulary } from '../../scenario/lesson-parts';

/**
 * The hash ring's words in lessons, spelt `ring.<name>` (evaluated by
 * app/protocols/ring/lessons.ts): how many members the ring has, whether keys are on their way
 * between members, whether every key sits at its owner; and a node joining or leaving. The ring
 * has no roles: lessons name its nodes by id.
 */
const oneNode = v.strictObject({ node: nodeRef });

export const ringLessonVocabulary: LessonVocabulary = {
  conditions: {
    /** The most up-to-date membership a running node knows has between atLeast and atMost members. */
    memberCount: v.pipe(
      v.strictObject({ atLeast: v.optional(count), atMost: v.optional(count) }),
      v.check((c) => c.atLeast !== undefined || c.atMost !== undefined, 'memberCount needs atLeast or atMost'),
    ),
    /** Some running node has a chunk of keys on its way to another. */
    moving: v.strictObject({}),
    /** Every running node agrees on the members, and none holds a key that belongs elsewhere. */
    settled: v.strictObject({}),
  },
  actions: {
    join: oneNode,
    leave: oneNode,
  },
  roles: [],
};
