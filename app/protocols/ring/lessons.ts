import type { NodeRef } from '../../../engine/scenario/lesson';
import type { LessonActionUi, LessonConditionUi, LessonUi } from '../../lessons/contract';
import { nodeLabel, type LessonWorld } from '../../lessons/world';
import { asRingView, freshestView } from './view';

/**
 * The ring's words in lessons (`ring.memberCount`, `ring.moving`, `ring.settled`, `ring.join`,
 * `ring.leave`; validated by engine/protocols/ring/lesson.ts), read from the nodes' views: the
 * membership is the freshest any running node knows (view.ts). A learner asked for more
 * members joins the first running spare; for fewer, the highest-numbered member leaves.
 */
const running = (world: LessonWorld) => world.nodes.filter((n) => n.up).flatMap((n) => (asRingView(n.view) ? [{ node: n, view: asRingView(n.view)! }] : []));

const memberCountNow = (world: LessonWorld): number => freshestView(world.nodes)?.view.members.length ?? 0;

const memberCount: LessonConditionUi = {
  holds(c, world) {
    const n = memberCountNow(world);
    return (c.atLeast === undefined || n >= (c.atLeast as number)) && (c.atMost === undefined || n <= (c.atMost as number));
  },
  describe: (c) =>
    c.atLeast !== undefined && c.atMost !== undefined
      ? `the ring to have ${String(c.atLeast)} to ${String(c.atMost)} members`
      : c.atLeast !== undefined
        ? `a node to join (${String(c.atLeast)} members or more)`
        : `a member to leave (${String(c.atMost)} members or fewer)`,
  learner(c, world) {
    const fresh = freshestView(world.nodes);
    if (!fresh) return null;
    const members = fresh.view.members;
    if (c.atLeast !== undefined && members.length < (c.atLeast as number)) {
      const spare = world.nodes.find((n) => n.up && !members.includes(n.id));
      return spare ? { calls: [{ name: 'join', args: [spare.id] }], said: `${nodeLabel(spare.id)} joins` } : null;
    }
    if (c.atMost !== undefined && members.length > (c.atMost as number)) {
      const last = [...members].reverse().find((id) => world.nodes[id]?.up);
      return last === undefined ? null : { calls: [{ name: 'leave', args: [last] }], said: `${nodeLabel(last)} leaves` };
    }
    return null;
  },
};

const moving: LessonConditionUi = {
  holds: (_c, world) => running(world).some(({ view }) => view.outgoing.length > 0),
  // A chunk is sent only while it is in its sender's outgoing list (ring.ts, migrate and
  // sendChunk); it can be acknowledged within milliseconds, between two frames.
  heldAt: (_c, e) => e.kind === 'send' && e.msg.type === 'Transfer',
  describe: () => 'a chunk of keys on its way',
};

const settled: LessonConditionUi = {
  holds(_c, world) {
    const all = running(world);
    const members = freshestView(world.nodes)?.view.members.join(',');
    return all.length > 0 && all.every(({ view }) => view.members.join(',') === members && view.toMove === 0 && view.outgoing.length === 0);
  },
  describe: () => 'every key to reach its owner',
};

const command = (name: 'join' | 'leave'): LessonActionUi => ({
  resolve(action, _world, node) {
    const id = node(action.node as NodeRef);
    return typeof id === 'string' ? { ok: false, problem: `Could not ${name}: ${id}.` } : { ok: true, call: { name, args: [id] } };
  },
});

export const ringLessons: LessonUi = {
  roles: {},
  // Every running node counts (spares included): crashes in ring lessons name their node.
  members: (nodes) => nodes.filter((n) => n.up).map((n) => n.id),
  expendable: (nodes) => [...nodes].reverse().find((n) => n.up)?.id ?? null,
  capture: () => null,
  conditions: { memberCount, moving, settled },
  actions: { join: command('join'), leave: command('leave') },
};
