import type { NodeId } from '../../engine/kernel/protocol';
import type { TraceEvent } from '../../engine/kernel/trace';
import type { Micros } from '../../engine/kernel/time';
import { nodeName } from '../store/store';
import type { NodeState, SimState } from '../store/types';

/**
 * What a lesson looks at: the slice of the store that conditions read, and the clock (playing,
 * speed) a revisited step puts back (the page passes `useSim.getState()`; tests build one from
 * the in-process runner). Plain data, read only. What the nodes' views mean (who leads, which
 * term) is the protocol's to say (`ProtocolUi.lessons`, contract.ts). Pure helpers only here:
 * a protocol's lesson folder may import this file.
 */
export type LessonWorld = Pick<SimState, 'protocol' | 'now' | 'nodes' | 'trace' | 'links' | 'playing' | 'speed'>;

export const nodeById = (world: LessonWorld, id: NodeId): NodeState | undefined => world.nodes.find((n) => n.id === id);

export const isUp = (world: LessonWorld, id: NodeId): boolean => nodeById(world, id)?.up === true;

/** Trace events of one kind at or after `from` (and not after now: a seek back hides the future). */
function eventsSince<K extends TraceEvent['kind']>(world: LessonWorld, from: Micros, kind: K): Extract<TraceEvent, { kind: K }>[] {
  const out: Extract<TraceEvent, { kind: K }>[] = [];
  // The trace is in time order: walk back from the end to the step's start.
  for (let i = world.trace.length - 1; i >= 0; i--) {
    const e = world.trace[i]!;
    if (e.at < from) break;
    if (e.kind === kind && e.at <= world.now) out.push(e as Extract<TraceEvent, { kind: K }>);
  }
  return out.reverse();
}

/** Observations at or after `from` (and not after now). */
export const observationsSince = (world: LessonWorld, from: Micros) => eventsSince(world, from, 'observe');

/** Deliveries at or after `from` (and not after now). */
export const deliveriesSince = (world: LessonWorld, from: Micros) => eventsSince(world, from, 'deliver');

/** A node's name in a lesson's words: the running scenario's ("S1" for Raft's servers). */
export const nodeLabel = (id: NodeId): string => nodeName(id);
