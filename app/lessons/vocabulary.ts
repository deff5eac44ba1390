import type { NodeId } from '../../engine/kernel/protocol';
import { protocolUi } from '../protocols/registry';
import type { LessonUi } from './contract';
import type { LessonWorld } from './world';

/**
 * The running protocol's lesson words, through the registry (the one door to a protocol's
 * folder). A protocol without any: no roles, no words of its own; its running nodes are its
 * members and the learner crashes the first of them.
 */
const PLAIN: LessonUi = {
  roles: {},
  members: (nodes) => nodes.filter((n) => n.up).map((n) => n.id),
  expendable: (nodes) => nodes.find((n) => n.up)?.id ?? null,
  capture: () => null,
  conditions: {},
  actions: {},
};

export const lessonUiOf = (world: Pick<LessonWorld, 'protocol'>): LessonUi => protocolUi(world.protocol).lessons ?? PLAIN;

/** The members now (the protocol's to say). */
export const members = (world: LessonWorld): NodeId[] => lessonUiOf(world).members(world.nodes);

/** A running member a learner would crash or cut off, or null. */
export const expendable = (world: LessonWorld): NodeId | null => lessonUiOf(world).expendable(world.nodes);

/** The holder of the protocol's first role (Raft: the leader), where a learner's partition aims; or null. */
export function focus(world: LessonWorld): NodeId | null {
  const first = Object.values(lessonUiOf(world).roles)[0];
  return first ? first.holder(world) : null;
}
