import { nodeName } from '../../engine/kernel/topology';
import { DEFAULT_NETWORK } from '../store/defaults';
import type { NodeState } from '../store/types';
import type { LessonWorld } from './world';

/** A small hand-made world: node i has the given role/term/commit; null means down. */
export function world(
  nodes: ({ role: string; term: number; commitIndex?: number; log?: [number, number][]; members?: number[] } | null)[],
  extra: Partial<LessonWorld> = {},
): LessonWorld {
  const states: NodeState[] = nodes.map((n, id) => ({
    id,
    name: nodeName(null, id),
    up: n !== null,
    incarnation: 0,
    view: n
      ? {
          role: n.role,
          term: n.term,
          commitIndex: n.commitIndex ?? 0,
          members: n.members ?? [0, 1, 2, 3, 4],
          log: (n.log ?? []).map(([index, term]) => ({ index, term })),
        }
      : null,
    timers: [],
  }));
  return { protocol: 'raft', now: 0, nodes: states, trace: [], links: { cuts: [], groups: null, network: DEFAULT_NETWORK }, playing: false, speed: 0.1, ...extra };
}
