import * as v from 'valibot';
import type { LessonVocabulary } from '../../scenario/lesson-parts';

/**
 * Paxos' words in lessons, spelt `paxos.<name>` (evaluated by app/protocols/paxos/lessons.ts):
 * whether a learner has learned the chosen value, and the cure for duelling proposers (every
 * proposer backs off at random when pre-empted). Pre-emptions are a generic `observed` condition
 * (`{ kind: 'observed', what: 'preempted', atLeast: 10 }`). Paxos has no roles a lesson names.
 */
export const paxosLessonVocabulary: LessonVocabulary = {
  conditions: {
    /** Some running learner has learned a value. */
    learned: v.strictObject({}),
  },
  actions: {
    backOff: v.strictObject({}),
  },
  roles: [],
};
