import type { LessonConditionUi, LessonUi } from '../../lessons/contract';
import type { LessonWorld } from '../../lessons/world';
import { compareLeaders } from './compare';
import { asMultiLeaderView } from './view';

/**
 * Multi-leader replication's words in lessons (`multi-leader.siblings`, `.lostWrite`, `.agree`;
 * validated by engine/protocols/multi-leader/lesson.ts). Every node is a leader; a learner
 * crashes the highest-numbered running one, and heals the network to bring leaders level.
 */
const views = (world: LessonWorld) => world.nodes.flatMap((n) => (n.up ? [asMultiLeaderView(n.view)] : [])).filter((v) => v !== null);

const siblings: LessonConditionUi = {
  holds: (_c, world) => views(world).some((v) => v.registers.some((r) => r.siblings.length > 1)),
  describe: () => 'a key to hold siblings',
};

const lostWrite: LessonConditionUi = {
  holds: (_c, world) => views(world).some((v) => v.lost.length > 0),
  describe: () => 'a write lost under last writer wins',
};

const agree: LessonConditionUi = {
  holds: (_c, world) => (compareLeaders(world.nodes)?.disagreeing ?? 1) === 0,
  describe: () => 'every running leader to hold the same state',
  learner: (_c, world) => (world.links.groups !== null || world.links.cuts.length > 0 ? { calls: [{ name: 'heal', args: [] }], said: 'heal' } : null),
};

export const multiLeaderLessons: LessonUi = {
  roles: {},
  members: (nodes) => nodes.filter((n) => n.up).map((n) => n.id),
  expendable: (nodes) => [...nodes].reverse().find((n) => n.up)?.id ?? null,
  capture: () => null,
  conditions: { siblings, lostWrite, agree },
  actions: {},
};
