import type { NodeId } from '../../../engine/kernel/protocol';
import type { NodeRef } from '../../../engine/scenario/lesson';
import type { NodeState } from '../../store/types';
import type { LessonConditionUi, LessonUi } from '../../lessons/contract';
import type { LessonWorld } from '../../lessons/world';
import { asPbftView, asReplica } from './view';

/**
 * PBFT's words in lessons (`pbft.executedAtLeast`, `pbft.viewAtLeast`, `pbft.makeByzantine`;
 * validated by engine/protocols/pbft/lesson.ts). Members are the replicas; the role `primary` is
 * the primary of the latest view a running replica works in.
 */
const replicas = (nodes: readonly NodeState[]) => nodes.filter((n) => n.up && asReplica(n.view) !== null);

function currentPrimary(nodes: readonly NodeState[]): NodeId | null {
  let best: { view: number; primary: NodeId } | null = null;
  for (const n of replicas(nodes)) {
    const v = asReplica(n.view)!;
    if (v.status === 'normal' && (best === null || v.view > best.view)) best = { view: v.view, primary: v.primary };
  }
  return best?.primary ?? null;
}

const executedAtLeast: LessonConditionUi = {
  holds: (c, world) => replicas(world.nodes).some((n) => asReplica(n.view)!.lastExecuted >= (c.seq as number)),
  describe: (c) => `a replica to execute sequence number ${String(c.seq)}`,
};

const viewAtLeast: LessonConditionUi = {
  holds: (c, world) =>
    replicas(world.nodes).some((n) => {
      const v = asReplica(n.view)!;
      return v.status === 'normal' && v.view >= (c.view as number);
    }),
  describe: (c) => `the replicas to work in view ${String(c.view)}`,
};

export const pbftLessons: LessonUi = {
  roles: {
    primary: {
      holder: (world: LessonWorld) => currentPrimary(world.nodes),
      atEntry: (world: LessonWorld) => {
        const p = currentPrimary(world.nodes);
        return p === null ? [] : [p];
      },
      words: 'the primary',
      single: true,
      missing: 'no replica works in a view right now',
    },
  },
  // The replicas, as any running node knows them (a crashed one has no view to say so).
  members: (nodes) => [...new Set(nodes.flatMap((n) => asPbftView(n.view)?.replicas ?? []))].sort((a, b) => a - b),
  expendable: (nodes) => {
    const primary = currentPrimary(nodes);
    return [...replicas(nodes)].reverse().find((n) => n.id !== primary)?.id ?? null;
  },
  capture: () => null,
  conditions: { executedAtLeast, viewAtLeast },
  actions: {
    makeByzantine: {
      resolve(action, _world, node) {
        const id = node(action.node as NodeRef);
        return typeof id === 'string' ? { ok: false, problem: `Could not make a node byzantine: ${id}.` } : { ok: true, call: { name: 'byzantine', args: [id, action.policy] } };
      },
    },
  },
};
