import type { NodeRef } from '../../../engine/scenario/lesson';
import type { LessonConditionUi, LessonUi } from '../../lessons/contract';
import type { LessonWorld } from '../../lessons/world';
import { asDynamoView } from './view';

/**
 * The Dynamo-style store's words in lessons (`dynamo.hintsHeld`, `dynamo.update`; validated by
 * engine/protocols/dynamo/lesson.ts). Hints are counted over running nodes (a crashed stand-in's
 * hints wait on its disk, not in the run). A learner crashes the highest-numbered running node.
 */
const hintsHeld = (world: LessonWorld): number =>
  world.nodes.reduce((sum, n) => sum + (n.up ? (asDynamoView(n.view)?.hintCount ?? 0) : 0), 0);

const hintsCondition: LessonConditionUi = {
  holds(c, world) {
    const held = hintsHeld(world);
    return (c.atLeast === undefined || held >= (c.atLeast as number)) && (c.atMost === undefined || held <= (c.atMost as number));
  },
  describe: (c) =>
    c.atLeast !== undefined && (c.atLeast as number) > 0
      ? `a stand-in to hold a hinted version (${String(c.atLeast)} or more)`
      : 'every hinted version to be handed back',
  /** A learner asks S2 for an update of the shown key: with a replica down, a stand-in takes a hint. */
  learner: (c, world) =>
    c.atLeast !== undefined && (c.atLeast as number) > hintsHeld(world) && world.nodes[1]?.up ? { calls: [{ name: 'update', args: [1] }], said: 'update through S2' } : null,
};

export const dynamoLessons: LessonUi = {
  roles: {},
  members: (nodes) => nodes.filter((n) => n.up).map((n) => n.id),
  expendable: (nodes) => [...nodes].reverse().find((n) => n.up)?.id ?? null,
  capture: () => null,
  conditions: { hintsHeld: hintsCondition },
  actions: {
    update: {
      resolve(action, _world, node) {
        const id = node(action.node as NodeRef);
        return typeof id === 'string' ? { ok: false, problem: `Could not send an update: ${id}.` } : { ok: true, call: { name: 'update', args: [id] } };
      },
    },
  },
};
