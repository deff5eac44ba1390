import type { NodeRef } from '../../../engine/scenario/lesson';
import type { LessonConditionUi, LessonUi } from '../../lessons/contract';
import type { LessonWorld } from '../../lessons/world';
import { ledgerOf } from './ledger';
import { currentPrimary, primariesNow, serverViewOf } from './view';

/**
 * Primary-replica's words in lessons (`primary-replica.primaryIn`, `.lostWrites`, `.splitBrain`,
 * `.promote`; validated by engine/protocols/primary-replica/lesson.ts). The members are the
 * running servers; the role `primary` is the primary of the highest epoch; a learner crashes a
 * replica when asked for any node.
 */
const primaryOf = (world: LessonWorld) => currentPrimary(world.nodes)?.node.id ?? null;

const primaryIn: LessonConditionUi = {
  holds: (c, world) => (currentPrimary(world.nodes)?.view.epoch ?? 0) >= (c.minEpoch as number),
  describe: (c) => `a primary in epoch ${c.minEpoch as number} or later`,
};

const lostWrites: LessonConditionUi = {
  holds: (c, world) => ledgerOf(world.trace).lost.length >= (c.atLeast as number),
  describe: (c) => `${c.atLeast as number} acknowledged ${(c.atLeast as number) === 1 ? 'write' : 'writes'} to be lost`,
};

const splitBrain: LessonConditionUi = {
  holds: (_c, world) => primariesNow(world.nodes) > 1,
  describe: () => 'two servers acting as primary at once',
};

export const primaryReplicaLessons: LessonUi = {
  roles: {
    primary: {
      holder: primaryOf,
      atEntry: (world) => {
        const p = primaryOf(world);
        return p === null ? [] : [p];
      },
      words: 'the primary',
      single: true,
      missing: 'no server is primary right now',
    },
  },
  members: (nodes) => nodes.filter((n) => serverViewOf(n) !== null).map((n) => n.id),
  expendable: (nodes) => [...nodes].reverse().find((n) => serverViewOf(n)?.role === 'replica')?.id ?? null,
  capture: () => null,
  conditions: { primaryIn, lostWrites, splitBrain },
  actions: {
    promote: {
      resolve(action, _world, node) {
        const id = node(action.node as NodeRef);
        if (typeof id === 'string') return { ok: false, problem: `Could not promote: ${id}.` };
        return { ok: true, call: { name: 'prPromote', args: [id] } };
      },
    },
  },
};

