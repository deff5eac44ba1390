import type { NodeId } from '../../../engine/kernel/protocol';
import type { LessonConditionUi, LessonUi } from '../../lessons/contract';
import { nodeLabel, type LessonWorld } from '../../lessons/world';
import type { NodeState } from '../../store/types';
import { asSwimView, type MemberStatus } from './view';

/**
 * SWIM's words in lessons (`swim.suspected`, `swim.declaredDead`, `swim.allAlive`; validated by
 * engine/protocols/swim/lesson.ts), read from the members' membership lists. A member that
 * left the group is no observer. A learner crashes the highest-numbered running member.
 */
const observers = (world: LessonWorld): { node: NodeState; members: { status: MemberStatus }[] }[] =>
  world.nodes.flatMap((node) => {
    if (!node.up) return [];
    const view = asSwimView(node.view);
    return view && !view.left ? [{ node, members: view.members }] : [];
  });

/** Whether some (or, with `everyone`, every other) running member holds `subject` (any, when null) in `status`. */
function holds(world: LessonWorld, subject: NodeId | null, status: MemberStatus, everyone: boolean): boolean {
  const all = observers(world);
  if (subject === null) return all.some((o) => o.members.some((m, id) => id !== o.node.id && m.status === status));
  const others = all.filter((o) => o.node.id !== subject);
  const holding = others.filter((o) => o.members[subject]?.status === status);
  return everyone ? others.length > 0 && holding.length === others.length : holding.length > 0;
}

const subjectOf = (c: Readonly<Record<string, unknown>>): NodeId | null => (typeof c.node === 'number' ? c.node : null);

const suspected: LessonConditionUi = {
  holds: (c, world) => holds(world, subjectOf(c), 'suspect', c.everyone === true),
  describe: (c) => {
    const who = subjectOf(c) === null ? 'a member' : nodeLabel(subjectOf(c)!);
    return c.everyone === true ? `every other member to suspect ${who}` : `a member to suspect ${who}`;
  },
};

const declaredDead: LessonConditionUi = {
  holds: (c, world) => holds(world, subjectOf(c), 'dead', false),
  describe: (c) => `a member to declare ${subjectOf(c) === null ? 'a member' : nodeLabel(subjectOf(c)!)} dead`,
};

const allAlive: LessonConditionUi = {
  holds(_c, world) {
    const all = observers(world);
    const running = new Set(all.map((o) => o.node.id));
    return all.every((o) => [...running].every((id) => o.members[id]?.status === 'alive'));
  },
  describe: () => 'every running member to hold every other alive',
};

export const swimLessons: LessonUi = {
  roles: {},
  members: (nodes) => nodes.filter((n) => n.up).map((n) => n.id),
  expendable: (nodes) => [...nodes].reverse().find((n) => n.up)?.id ?? null,
  capture: () => null,
  conditions: { suspected, declaredDead, allAlive },
  actions: {},
};
