import type { LessonConditionUi, LessonRole, LessonUi } from '../../lessons/contract';
import { nodeLabel, type LessonWorld } from '../../lessons/world';
import type { NodeState } from '../../store/types';
import { asTwoPcView } from './view';

/**
 * Two-phase commit's words in lessons (`2pc.inDoubt`, `2pc.noneInDoubt`; validated by
 * engine/protocols/2pc/lesson.ts) and its one role, the coordinator. A crashed participant's
 * prepared records are on its disk but not in the page's view, so "in doubt" reads running ones.
 */
const prepared = (n: NodeState) => {
  const view = asTwoPcView(n.view);
  return view?.role === 'participant' ? view.prepared.length : 0;
};
const isCoordinator = (n: NodeState) => asTwoPcView(n.view)?.role === 'coordinator' || n.name.startsWith('TM');

const inDoubt: LessonConditionUi = {
  holds: (c, world) => world.nodes.some((n) => n.up && prepared(n) > 0 && (c.node === undefined || n.id === c.node)),
  describe: (c) => (c.node === undefined ? 'a participant in doubt' : `${nodeLabel(c.node as number)} to be in doubt`),
};

const noneInDoubt: LessonConditionUi = {
  holds: (_c, world) => world.nodes.every((n) => prepared(n) === 0),
  describe: () => 'no participant in doubt',
  /** A learner restarts a crashed coordinator: only it can end the doubt. */
  learner: (_c, world) => {
    const down = world.nodes.find((n) => !n.up && isCoordinator(n));
    return down ? { calls: [{ name: 'restart', args: [down.id] }], said: `restart ${down.name}` } : null;
  },
};

const coordinator: LessonRole = {
  holder: (world: LessonWorld) => world.nodes.find((n) => n.up && isCoordinator(n))?.id ?? null,
  atEntry: (world: LessonWorld) => world.nodes.filter(isCoordinator).map((n) => n.id),
  words: 'the coordinator',
  single: true,
  missing: 'the coordinator is not running',
};

export const twoPcLessons: LessonUi = {
  roles: { coordinator },
  members: (nodes) => nodes.filter((n) => !isCoordinator(n)).map((n) => n.id),
  expendable: (nodes) => [...nodes].reverse().find((n) => n.up && !isCoordinator(n))?.id ?? null,
  capture: () => null,
  conditions: { inDoubt, noneInDoubt },
  actions: {},
};
