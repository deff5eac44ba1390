import * as v from 'valibot';
import { node, nodeRef, type LessonVocabulary } from '../../scenario/lesson-parts';

/**
 * Ping's words in lessons, spelt `ping.<name>` (evaluated by app/protocols/ping/lessons.ts):
 * whether a node is suspected, whether every running node hears every other again, and a
 * client's echo. Ping has no roles: lessons name its nodes by id.
 */
export const pingLessonVocabulary: LessonVocabulary = {
  conditions: {
    /** Some running node suspects `node` (any node when absent). */
    suspected: v.strictObject({ node: v.optional(node) }),
    /** No running node suspects another running node, and each has heard from every other since it booted. */
    allHear: v.strictObject({}),
  },
  actions: {
    echo: v.strictObject({ node: nodeRef }),
  },
  roles: [],
};
