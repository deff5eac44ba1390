import type { LessonConditionUi, LessonUi } from '../../lessons/contract';
import type { LessonWorld } from '../../lessons/world';
import { asPaxosView } from './view';

/**
 * Paxos' words in lessons (`paxos.learned`, `paxos.backOff`; validated by
 * engine/protocols/paxos/lesson.ts). Every running node is a member; a learner crashes the
 * highest-numbered running node.
 */
const running = (world: LessonWorld) => world.nodes.filter((n) => n.up);

const learned: LessonConditionUi = {
  holds: (_c, world) => running(world).some((n) => asPaxosView(n.view)?.learner?.learned != null),
  describe: () => 'a learner to learn the chosen value',
  /** A learner stuck in a duel applies the cure. */
  learner: (_c, world) =>
    running(world).some((n) => asPaxosView(n.view)?.strategy === 'duelling') ? { calls: [{ name: 'paxosBackOff', args: [] }], said: 'back off' } : null,
};

export const paxosLessons: LessonUi = {
  roles: {},
  members: (nodes) => nodes.filter((n) => n.up).map((n) => n.id),
  expendable: (nodes) => [...nodes].reverse().find((n) => n.up)?.id ?? null,
  capture: () => null,
  conditions: { learned },
  actions: {
    backOff: { resolve: () => ({ ok: true, call: { name: 'paxosBackOff', args: [] } }) },
  },
};
