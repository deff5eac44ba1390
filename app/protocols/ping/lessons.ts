import type { NodeRef } from '../../../engine/scenario/lesson';
import type { LessonConditionUi, LessonUi } from '../../lessons/contract';
import { nodeLabel, type LessonWorld } from '../../lessons/world';
import { asPingView, peerState } from './view';

/**
 * Ping's words in lessons (`ping.suspected`, `ping.allHear`, `ping.echo`; validated by
 * engine/protocols/ping/lesson.ts). Every running node is a member; a learner crashes the
 * highest-numbered running node (S1 stays up for the story).
 */
const running = (world: LessonWorld) => world.nodes.filter((n) => n.up);

const suspected: LessonConditionUi = {
  holds(c, world) {
    const target = c.node as number | undefined;
    return running(world).some((n) => {
      const view = asPingView(n.view);
      return view !== null && view.suspected.some((s, peer) => s && peer !== n.id && (target === undefined || peer === target));
    });
  },
  describe: (c) => (c.node === undefined ? 'a node to suspect another' : `a node to suspect ${nodeLabel(c.node as number)}`),
};

const allHear: LessonConditionUi = {
  holds(_c, world) {
    const up = running(world);
    return up.every((n) => {
      const view = asPingView(n.view);
      return view !== null && up.every((m) => m.id === n.id || peerState(view, m.id) === 'hears');
    });
  },
  describe: () => 'every running node to hear every other',
  /** A learner heals the network and restarts nobody: hearing comes back by itself. */
  learner: (_c, world) => (world.links.groups !== null || world.links.cuts.length > 0 ? { calls: [{ name: 'heal', args: [] }], said: 'heal' } : null),
};

export const pingLessons: LessonUi = {
  roles: {},
  members: (nodes) => nodes.filter((n) => n.up).map((n) => n.id),
  expendable: (nodes) => [...nodes].reverse().find((n) => n.up)?.id ?? null,
  capture: () => null,
  conditions: { suspected, allHear },
  actions: {
    echo: {
      resolve(action, _world, node) {
        const id = node(action.node as NodeRef);
        return typeof id === 'string' ? { ok: false, problem: `Could not send an echo: ${id}.` } : { ok: true, call: { name: 'echo', args: [id] } };
      },
    },
  },
};
