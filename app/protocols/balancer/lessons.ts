import type { NodeRef } from '../../../engine/scenario/lesson';
import type { LessonActionUi, LessonConditionUi, LessonUi } from '../../lessons/contract';
import { nodeLabel, type LessonWorld } from '../../lessons/world';
import { asBalancer, asServer } from './view';

/**
 * The balancer's words in lessons (`balancer.queueAtLeast`, `balancer.slow`, `balancer.ejected`;
 * actions `balancer.slow`, `balancer.normal`, `balancer.addLoad`; validated by
 * engine/protocols/balancer/lesson.ts). No roles: lessons name nodes by id. A learner crashes
 * the highest-numbered running server.
 */
const viewOf = (world: LessonWorld, id: number) => world.nodes.find((n) => n.id === id && n.up)?.view ?? null;

const queueAtLeast: LessonConditionUi = {
  holds: (c, world) => (asServer(viewOf(world, c.node as number))?.queue ?? 0) >= (c.length as number),
  // A server reports its queue's length as the metric `queue` whenever it changes (server.ts):
  // a queue can fill and drain between two frames.
  heldAt: (c, e) => e.kind === 'metric' && e.name === 'queue' && e.node === c.node && e.value >= (c.length as number),
  describe: (c) => `${nodeLabel(c.node as number)}'s queue to reach ${String(c.length)}`,
};

const slow: LessonConditionUi = {
  holds: (c, world) => (asServer(viewOf(world, c.node as number))?.slowFactor ?? 1) > 1,
  describe: (c) => `${nodeLabel(c.node as number)} to be slow`,
  learner: (c) => ({ calls: [{ name: 'makeSlow', args: [c.node] }], said: `make ${nodeLabel(c.node as number)} slow` }),
};

const ejected: LessonConditionUi = {
  holds: (c, world) =>
    world.nodes.some((n) => {
      const b = n.up ? asBalancer(n.view) : null;
      return b !== null && b.ejected.some((s) => c.node === undefined || s === c.node);
    }),
  describe: (c) => (c.node === undefined ? 'a balancer to eject a server' : `a balancer to eject ${nodeLabel(c.node as number)}`),
};

const byCommand = (command: string, what: string): LessonActionUi => ({
  resolve(action, _world, node) {
    const id = node(action.node as NodeRef);
    return typeof id === 'string' ? { ok: false, problem: `Could not ${what}: ${id}.` } : { ok: true, call: { name: command, args: [id] } };
  },
});

export const balancerLessons: LessonUi = {
  roles: {},
  members: (nodes) => nodes.filter((n) => n.up && asServer(n.view) !== null).map((n) => n.id),
  expendable: (nodes) => [...nodes].reverse().find((n) => n.up && asServer(n.view) !== null)?.id ?? null,
  capture: () => null,
  conditions: { queueAtLeast, slow, ejected },
  actions: {
    slow: byCommand('makeSlow', 'make the server slow'),
    normal: byCommand('makeNormal', 'make the server normal'),
    addLoad: byCommand('addLoad', 'add load'),
  },
};
