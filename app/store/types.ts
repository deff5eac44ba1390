import type { TopologyLayout } from '../../engine/kernel/topology';
import type { ClientOp } from '../../engine/check/client-history';
import type { TimedAction } from '../../engine/kernel/actions';
import type { NetworkModel } from '../../engine/kernel/faults';
import type { PendingTimer } from '../../engine/kernel/node-host';
import type { NodeId } from '../../engine/kernel/protocol';
import type { TraceEvent } from '../../engine/kernel/trace';
import type { Micros } from '../../engine/kernel/time';

/** One node as the page draws it: what the coordinator last reported for it. */
export interface NodeState {
  id: NodeId;
  /** "S1", "S2", ... */
  name: string;
  up: boolean;
  incarnation: number;
  /** The protocol's view() (plain data; its protocol's `parseView` reads it), null when down. */
  view: Record<string, unknown> | null;
  /** Pending timers: the UI draws its protocol's `ringTimer` as a shrinking arc. */
  timers: PendingTimer[];
  /** Frozen by a pause (its timers wait); `held`: how many events wait for the resume. */
  paused?: boolean;
  held?: number;
  /** The byzantine policy it lies by, when it does. */
  byzantine?: string;
  /** Slow (the kernel's `slow` fault): what reaches it waits this long before it is handled (µs). */
  slowUs?: number;
}

/** A message on the wire at `now`: drawn moving from `from` to `to` between sentAt and dueAt. */
export interface InFlightMessage {
  /** "from.incarnation.seq": what a `drop` action names. */
  key: string;
  id: { from: number; fromIncarnation: number; fromSeq: number };
  from: NodeId;
  to: NodeId;
  type: string;
  sentAt: Micros;
  dueAt: Micros;
  msg: Record<string, unknown>;
  /** Forged by a byzantine sender. */
  forged?: boolean;
}

/** A point of interest on the timeline scrubber. */
export interface TimelineMarker {
  at: Micros;
  /** 'action' (the user's, a lesson's, the scenario's), or an observation's marker kind from the protocol ("leader"). */
  kind: string;
  label: string;
}

export type Selection =
  | { kind: 'node'; id: NodeId }
  | { kind: 'message'; key: string }
  | { kind: 'link'; from: NodeId; to: NodeId }
  /** A client operation of the history panel, by its op id. */
  | { kind: 'operation'; opId: number }
  | null;

export interface LinkState {
  /** Cut directed links as "from>to". */
  cuts: string[];
  /** Partition groups, or null when the network is whole. */
  groups: NodeId[][] | null;
  network: NetworkModel;
}

export interface ViolationState {
  invariant: string;
  message: string;
  event?: TraceEvent;
}

export interface SimState {
  protocol: string;
  seed: number;
  nodeCount: number;
  /**
   * The running scenario's topology, placed (engine/kernel/topology.ts): each node's kind and
   * name. Views name nodes through `nodeName` (store.ts), which reads it; null before a load.
   */
  topology: TopologyLayout | null;
  /** Virtual time the views show. */
  now: Micros;
  /** The furthest virtual time recorded in this run (the scrubber's end). */
  recordedUntil: Micros;
  traceHash: string;
  eventCount: number;
  /**
   * A link's run is shown at its moment while its checks still run in the coordinator
   * (CoordinatorStatus.checking): the trace, its hash, the event count and the client history
   * come when they are done.
   */
  checking: boolean;
  playing: boolean;
  /** Virtual seconds per wall second, 0.01 to 100. */
  speed: number;
  nodes: NodeState[];
  inFlight: InFlightMessage[];
  links: LinkState;
  /** The recorded trace, oldest first, capped (see TRACE_HISTORY_CAP). */
  trace: TraceEvent[];
  markers: TimelineMarker[];
  /** Every action of the run's timeline so far (the user's, lessons', the scenario's). */
  actions: TimedAction[];
  /** Client operations up to `now`, in invocation order, capped (see HISTORY_OPS_CAP). */
  history: ClientOp[];
  violation: ViolationState | null;
  selection: Selection;
  /** A sentence for the user: a fork, an error, a hint. Never HTML. `undo`: it offers to undo the latest fork. */
  notice: { text: string; tone: 'info' | 'warning' | 'error'; undo?: boolean } | null;
  /**
   * A command made while viewing the past waits for the user to say whether to fork the run
   * there (session.ts): the moment shown, the end of the recorded run, and how many recorded
   * actions come later. Null when nothing waits.
   */
  forkPrompt: { at: Micros; until: Micros; later: number } | null;
  /** The keyboard shortcuts' dialog is open (`?`). */
  shortcutsOpen: boolean;
  /** Set once loading finished (the first cluster is on screen). */
  ready: boolean;
}

export const TRACE_HISTORY_CAP = 20_000;
/** The history panel draws at most this many of the latest client operations. */
export const HISTORY_OPS_CAP = 20_000;
