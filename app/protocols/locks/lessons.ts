import type { LessonConditionUi, LessonRole, LessonUi } from '../../lessons/contract';
import { nodeLabel, type LessonWorld } from '../../lessons/world';
import type { NodeState } from '../../store/types';
import { asLocksView, clientTruth, isClient, isServer } from './view';

/**
 * The lock service's words in lessons (`locks.holds`, `locks.expiredBelief`; validated by
 * engine/protocols/locks/lesson.ts) and its role, the holder: a client that believes it holds
 * the lock. Members are the lock servers; a learner crashes the last running one.
 */
function truth(n: NodeState, now: number) {
  const view = asLocksView(n.view);
  return isClient(view) ? clientTruth(view, now) : { believes: false, valid: false };
}

const holds: LessonConditionUi = {
  holds: (c, world) => world.nodes.some((n) => n.up && (c.node === undefined || n.id === c.node) && truth(n, world.now).believes),
  describe: (c) => (c.node === undefined ? 'a client to hold the lock' : `${nodeLabel(c.node as number)} to hold the lock`),
};

const expiredBelief: LessonConditionUi = {
  holds: (c, world) =>
    world.nodes.some((n) => n.up && (c.node === undefined || n.id === c.node) && truth(n, world.now).believes && !truth(n, world.now).valid),
  describe: (c) => `${c.node === undefined ? 'a client' : nodeLabel(c.node as number)} to believe it holds a lease that has run out`,
};

const holder: LessonRole = {
  holder: (world: LessonWorld) => world.nodes.find((n) => n.up && truth(n, world.now).believes)?.id ?? null,
  atEntry: (world: LessonWorld) => world.nodes.filter((n) => truth(n, world.now).believes).map((n) => n.id),
  words: 'the client holding the lock',
  single: false,
  missing: 'no client holds the lock',
};

const isLockServer = (n: NodeState) => isServer(asLocksView(n.view)) || n.name.startsWith('L');

export const locksLessons: LessonUi = {
  roles: { holder },
  members: (nodes) => nodes.filter(isLockServer).map((n) => n.id),
  expendable: (nodes) => [...nodes].reverse().find((n) => n.up && isLockServer(n))?.id ?? null,
  capture: () => null,
  conditions: { holds, expiredBelief },
  actions: {},
};
