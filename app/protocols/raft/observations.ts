import type { NodeId } from '../../../engine/kernel/protocol';
import type { TraceEvent } from '../../../engine/kernel/trace';
import type { ObservationDescriptors } from '../ui';
import { termColor } from './colors';
import type { RaftRole } from './view';

/**
 * What a Raft server observes (`ctx.observe(what, data)` in engine/protocols/raft/), as one
 * typed union, and what the page does with each kind: which ones "Step to next ★" stops at,
 * which mark the timeline and the space-time lanes. The event log's sentences are the narrator's
 * (describe.ts). Only this folder reads observation kinds by name.
 */
export type RaftObservation =
  | { what: 'term'; data: { term: number } }
  | { what: 'vote'; data: { term: number; for: NodeId } }
  | { what: 'role'; data: { role: RaftRole; term: number } }
  | { what: 'election'; data: { term: number } }
  | { what: 'leader'; data: { term: number } }
  | { what: 'append'; data: { index: number; terms: number[]; values?: unknown[] } }
  | { what: 'truncate'; data: { from: number } }
  | { what: 'commit'; data: { index: number; term?: number } }
  | { what: 'config'; data: { members: NodeId[] } }
  | { what: 'recover'; data: { term: number; votedFor: NodeId | null; logLength: number; snapshotIndex?: number } }
  /** Log compaction (§7): a snapshot taken (`from` absent or null) or installed from leader `from`. */
  | { what: 'snapshot'; data: { index: number; term: number; value?: unknown; members?: NodeId[]; from?: NodeId | null } };

const termOf = (data: Record<string, unknown>): number | null => (typeof data.term === 'number' ? data.term : null);

export const raftObservations: ObservationDescriptors<RaftObservation> = {
  term: {},
  vote: {},
  role: { interesting: true },
  election: {
    interesting: true,
    marker: {
      kind: 'election',
      symbol: '◆',
      legend: 'election',
      minor: true,
      label: (data, node) => `${node} starts an election for term ${String(termOf(data))}`,
    },
    lane: (data) => {
      const term = termOf(data);
      return { kind: 'election', shape: 'diamond', label: `T${term ?? '?'}`, title: `election for term ${term ?? '?'}`, fill: term === null ? null : termColor(term), priority: 0 };
    },
  },
  leader: {
    interesting: true,
    marker: { kind: 'leader', symbol: '★', legend: 'new leader', label: (data, node) => `${node} leads term ${String(termOf(data))}` },
    lane: (data) => {
      const term = termOf(data);
      return { kind: 'leader', shape: 'star', label: `★ leader T${term ?? '?'}`, title: `leader T${term ?? '?'}`, fill: term === null ? null : termColor(term), priority: 3 };
    },
  },
  append: {},
  truncate: {},
  commit: { interesting: true },
  config: {},
  recover: {},
  snapshot: {},
};

/** A trace event as a Raft observation, or null when it is none (a kind this page does not know). */
export function raftObservation(e: TraceEvent): RaftObservation | null {
  if (e.kind !== 'observe' || !Object.hasOwn(raftObservations, e.what)) return null;
  return { what: e.what, data: e.data ?? {} } as RaftObservation;
}
