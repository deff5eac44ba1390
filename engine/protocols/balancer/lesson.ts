import * as v from 'valibot';
import { node, nodeRef, type LessonVocabulary } from '../../scenario/lesson-parts';

/**
 * The balancer's words in lessons, spelt `balancer.<name>` (evaluated by
 * app/protocols/balancer/lessons.ts): a server's queue reaching a length, a server being slow,
 * a server ejected by some balancer; making a server slow or normal again, and adding load at a client.
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
    /** Server `node` turns five times slower (the page's "Slow" button). */
    slow: v.strictObject({ node: nodeRef }),
    normal: v.strictObject({ node: nodeRef }),
    /** Client `node` sends 25 more requests a second (the page's "+Load" button). */
    addLoad: v.strictObject({ node: nodeRef }),
  },
  roles: [],
};
