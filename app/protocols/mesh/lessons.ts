import type { NodeRef } from '../../../engine/scenario/lesson';
import type { LessonActionUi, LessonConditionUi, LessonUi } from '../../lessons/contract';
import { nodeLabel } from '../../lessons/world';
import { asMeshView } from './view';

/**
 * The mesh's words in lessons (`mesh.breakerState`, `mesh.makeFailing`, `mesh.makeHealthy`;
 * validated by engine/protocols/mesh/lesson.ts). A learner crashes the highest-numbered running
 * instance of payments when a step asks for "a node".
 */
const breakerState: LessonConditionUi = {
  holds(c, world) {
    return world.nodes.some((n) => n.up && (c.node === undefined || n.id === c.node) && asMeshView(n.view)?.route?.breaker?.state === c.state);
  },
  // Every transition is observed as the breaker takes its new state (sidecar.ts,
  // observeTransition): a half-open breaker may close again between two frames.
  heldAt: (c, e) => e.kind === 'observe' && e.what === 'breaker' && e.data?.to === c.state && (c.node === undefined || e.node === c.node),
  describe: (c) => `${c.node === undefined ? 'a breaker' : `${nodeLabel(c.node as number)}'s breaker`} to be ${String(c.state)}`,
};

function health(command: string, what: string): LessonActionUi {
  return {
    resolve(action, _world, node) {
      const id = node(action.node as NodeRef);
      return typeof id === 'string' ? { ok: false, problem: `Could not make it ${what}: ${id}.` } : { ok: true, call: { name: command, args: [id] } };
    },
  };
}

export const meshLessons: LessonUi = {
  roles: {},
  members: (nodes) => nodes.filter((n) => n.up).map((n) => n.id),
  expendable: (nodes) => [...nodes].reverse().find((n) => n.up && asMeshView(n.view)?.kind === 'payments')?.id ?? null,
  capture: () => null,
  conditions: { breakerState },
  actions: { makeFailing: health('meshFailing', 'failing'), makeHealthy: health('meshHealthy', 'healthy') },
};
