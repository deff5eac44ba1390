import type { TimedAction } from '../engine/kernel/actions';
import type { ResolvedScale } from '../engine/kernel/scaling';
import type { MessageEnvelope, QueuedEvent } from '../engine/kernel/events';
import type { FaultSnapshot } from '../engine/kernel/faults';
import type { EventKey } from '../engine/kernel/key';
import type { HostSnapshot, HostView } from '../engine/kernel/node-host';
import type { NodeId } from '../engine/kernel/protocol';
import type { TraceEvent } from '../engine/kernel/trace';
import type { Scenario } from '../engine/scenario/schema';
import type { WorkloadSnapshot } from '../engine/scenario/workload';

/**
 * The messages of the worker runner. Three kinds of traffic, on three kinds of channel:
 *   coordinator -> node worker: Init, Grant, Peer, SnapshotRequest, Stop
 *   node worker -> coordinator: Reached, TraceChunk, Crashed, SnapshotReply, Failed
 *   node worker <-> node worker: PeerBatch, over a MessageChannel of their own
 */

/** Where a node worker takes up the run: everything to continue a run already in progress. */
export interface WorkerStart {
  scenario: Scenario;
  id: NodeId;
  /** Everything before this key has happened. */
  pos: EventKey;
  /** Each node's earliest queued event (a lower bound), as every worker knows it. */
  nextOf: EventKey[];
  /** How many windows have been exchanged so far (peers number them alike). */
  window: number;
  /** Timeline actions applied so far (the scenario's timeline holds all known ones). */
  applied: number;
  faults: FaultSnapshot;
  workload: WorkloadSnapshot | null;
  /** A fresh boot happens by the `restart` action or at time 0; otherwise this host state. */
  host: HostSnapshot | null;
  /** Durable state for a node that boots now (restart or first start). */
  durable: Record<string, unknown>;
  /** Events already queued for this node (a restored snapshot). */
  queue: QueuedEvent[];
  /** Send node views and in-flight messages in every Reached (the page wants them). */
  withViews: boolean;
  /** Boot the host at `pos` right away (time 0 start; restarts boot through their action). */
  bootNow: boolean;
  /** Nodes' requests for nodes resolved and not applied yet (kernel/scaling.ts); absent: none. */
  effects?: ResolvedScale[];
}

export type ToWorker =
  | { type: 'init'; start: WorkerStart; peers: [NodeId, MessagePort][] }
  /**
   * Run every event before `horizon`; `actions` are all the actions not applied yet. With
   * `stage`, `horizon` is the worker's position, at an instant: apply only the next `stage`
   * actions of that instant, exchange, and run no event (instant-stages.ts says why).
   */
  | { type: 'grant'; horizon: EventKey; actions: TimedAction[]; stage?: number; effects?: ResolvedScale[] }
  /** A restarted peer's new port; replaces the old one before the next grant. */
  | { type: 'peer'; id: NodeId; port: MessagePort }
  | { type: 'snapshot' }
  | { type: 'stop' };

export interface NodeReport {
  id: NodeId;
  incarnation: number;
  up: boolean;
  view: HostView | null;
  /** Messages on their way to this node (sent, not yet delivered). */
  inbound: MessageEnvelope[];
}

export type FromWorker =
  | {
      type: 'reached';
      id: NodeId;
      horizon: EventKey;
      window: number;
      nextOf: EventKey[];
      /** This node's exact next event (cancelled timers skipped), for single-event steps. */
      exactNext: EventKey | null;
      trace: TraceEvent[];
      report: NodeReport | null;
      /** This worker's window counters since it started (bench/ reads them; nothing else). */
      counters: WindowCounters;
    }
  | { type: 'trace'; id: NodeId; upTo: EventKey; trace: TraceEvent[] }
  | { type: 'crashed'; id: NodeId; incarnation: number; at: number; durable: Record<string, unknown>; trace: TraceEvent[] }
  | { type: 'snapshot'; id: NodeId; host: HostSnapshot; queue: QueuedEvent[] }
  | { type: 'failed'; id: NodeId; message: string };

/** Where a worker's windows went, summed since it started: what `npm run bench` explains. */
export interface WindowCounters {
  /** Windows this worker took part in (it had events, or waited for a peer's batch). */
  windows: number;
  /** Windows in which this node had events of its own. */
  active: number;
  /** Batches it posted to peers, and how many of them carried no protocol message. */
  posted: number;
  postedEmpty: number;
  /** Wall time running events (ms), and waiting for peers' batches (ms, posting included). */
  busyMs: number;
  waitMs: number;
}

/**
 * One window's traffic from one active node to one peer: its messages for that peer, and what
 * every worker needs to keep the same picture of who has events when. Only nodes with events in
 * a window send batches; the others stay silent, and everyone knows which ones they are.
 */
export interface PeerBatch {
  window: number;
  from: NodeId;
  msgs: MessageEnvelope[];
  /** The sender's earliest queued event after the window, before it got this window's batches. */
  localMin: EventKey;
  /** For every node it sent to in the window, the earliest of those messages. */
  sentTo: [NodeId, EventKey][];
}
