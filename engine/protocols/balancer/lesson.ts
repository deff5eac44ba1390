import * as v from 'valibot';
import { node, nodeRef, type LessonVocabulary } from '../../scenario/lesson-parts';

/**
 * The balancer's words in lessons, spelt `balancer.<name>` (evaluated by
 * app/protocols/balancer/lessons.ts): a server's queue reaching a length, a server being slow,
 * a server ejected by some balancer; making a server slow or normal, and adding load at a client.
 */
export const balancerLessonVocabulary: LessonVocabulary = {
  conditions: {
    /** Server `node` holds at least `length` requests waiting. */
    queueAtLeast: v.strictObject({ node, length: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100_000)) }),
    /** Server `node` is slow. */
    slow: v.strictObject({ node }),
    /** Some balancer has ejected `node` (any server when absent). */
    ejected: v.strictObject({ node: v.optional(node) }),
  },
  actions: {
    slow: v.strictObject({ node: nodeRef, factor: v.optional(v.pipe(v.number(), v.minValue(1), v.maxValue(1000))) }),
    normal: v.strictObject({ node: nodeRef }),
    addLoad: v.strictObject({ node: nodeRef, perSecond: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1000)) }),
  },
  roles: [],
};
