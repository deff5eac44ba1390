import type { NodeId } from '../../engine/kernel/protocol';
import type { TraceEvent } from '../../engine/kernel/trace';
import type { Micros } from '../../engine/kernel/time';
import { protocolUi } from '../protocols/registry';
import type { LessonFacts } from '../protocols/ui';
import { nodeName } from '../store/store';
import type { NodeState, SimState } from '../store/types';

/**
 * What a lesson looks at: the slice of the store that conditions read, and the clock (playing,
 * speed) a revisited step puts back (the page passes `useSim.getState()`; tests build one from
 * the in-process runner). Plain data, read only. What the nodes' views mean (who leads, which
 * term) is the protocol's to say (`ProtocolUi.lessonFacts`, through the registry).
 */
export type LessonWorld = Pick<SimState, 'protocol' | 'now' | 'nodes' | 'trace' | 'links' | 'playing' | 'speed'>;

/** A protocol without lesson facts: no leader, no terms, nothing committed; its running nodes are its members. */
const NO_FACTS: LessonFacts = {
  leader: () => null,
  follower: () => null,
  members: (nodes) => nodes.filter((n) => n.up).map((n) => n.id),
  termOf: () => null,
  maxTerm: () => 0,
  maxCommit: () => 0,
  lastLeader: () => null,
  splitVote: () => false,
  logsAgree: () => true,
};

/** The running protocol's lesson facts. */
export const factsOf = (world: Pick<LessonWorld, 'protocol'>): LessonFacts => protocolUi(world.protocol).lessonFacts ?? NO_FACTS;

export const nodeById = (world: LessonWorld, id: NodeId): NodeState | undefined => world.nodes.find((n) => n.id === id);

/** The leader now, as the protocol finds it (Raft: the running leader of the highest term), or null. */
export const currentLeader = (world: LessonWorld): NodeId | null => factsOf(world).leader(world.nodes);

/** The node that most recently became leader (it may have crashed since). */
export const lastObservedLeader = (world: LessonWorld): NodeId | null => factsOf(world).lastLeader(world.trace, world.now);

export const maxTerm = (world: LessonWorld): number => factsOf(world).maxTerm(world.nodes);

export const maxCommit = (world: LessonWorld): number => factsOf(world).maxCommit(world.nodes);

/** The members of the newest configuration a running node knows. */
export const members = (world: LessonWorld): NodeId[] => factsOf(world).members(world.nodes);

/** A running follower that is a member (the protocol's choice), or null. */
export const someFollower = (world: LessonWorld): NodeId | null => factsOf(world).follower(world.nodes);

/** Observations at or after `from` (and not after now: a seek back hides the future). */
export function observationsSince(world: LessonWorld, from: Micros): Extract<TraceEvent, { kind: 'observe' }>[] {
  const out: Extract<TraceEvent, { kind: 'observe' }>[] = [];
  // The trace is in time order: walk back from the end to the step's start.
  for (let i = world.trace.length - 1; i >= 0; i--) {
    const e = world.trace[i]!;
    if (e.at < from) break;
    if (e.kind === 'observe' && e.at <= world.now) out.push(e);
  }
  return out.reverse();
}

/** A node's name in a lesson's words: the running scenario's ("S1" for Raft's servers). */
export const nodeLabel = (id: NodeId): string => nodeName(id);
