import type { NodeId, TimerId } from '../../kernel/protocol';
import type { Micros } from '../../kernel/time';
import type { PbftConfig } from './config';

/**
 * PBFT's messages and state as plain data (Castro and Liskov, "Practical Byzantine Fault
 * Tolerance", OSDI 1999; sections cited as §4.2 and so on). Message types use the paper's names.
 *
 * Authentication: the paper signs or MACs every message (§3, §4.1). Here the engine guarantees
 * the sender of every message (`from`), and no byzantine policy of this protocol can make one
 * node's message look like another's. So the `i` field the paper puts in each message is the
 * `from` of its delivery. Certificates relayed inside VIEW-CHANGE and NEW-VIEW messages are
 * taken as signed: a byzantine replica may hide them, never make one up.
 */

/** The operation a client asks for: the state machine is a key-value store. */
export type PbftOp = { type: 'write'; key: string; value: number } | { type: 'read'; key: string };

/** A client request ⟨REQUEST, o, t, c⟩ (§4.1) as replicas order it: c is the client's node id. */
export interface ClientRequest {
  client: NodeId;
  /** The client's timestamp t: one per request, increasing, so replies and retries match. */
  t: number;
  op: PbftOp;
}

/**
 * What a sequence number is assigned to: a client's request, or the null request (§4.4: the
 * new primary fills gaps with it; it executes as nothing). `replaces` is only ever set by an
 * equivocating primary's lie (byzantine.ts): the null request it slips in place of a real one.
 */
export type Ordered = { kind: 'request'; request: ClientRequest } | { kind: 'null'; replaces?: string };

export type PbftMessage =
  /** ⟨REQUEST, o, t, c⟩ from a client (§4.1). */
  | { type: 'Request'; t: number; op: PbftOp }
  /** ⟨⟨PRE-PREPARE, v, n, d⟩, m⟩ from the primary of view v (§4.2). */
  | { type: 'PrePrepare'; view: number; seq: number; digest: string; m: Ordered }
  /** ⟨PREPARE, v, n, d, i⟩ from a backup (§4.2). */
  | { type: 'Prepare'; view: number; seq: number; digest: string }
  /** ⟨COMMIT, v, n, D(m), i⟩ from any replica once prepared (§4.2). */
  | { type: 'Commit'; view: number; seq: number; digest: string }
  /** ⟨REPLY, v, t, c, i, r⟩ to the client (§4.1). */
  | { type: 'Reply'; view: number; t: number; result: PbftResult }
  /** ⟨CHECKPOINT, n, d, i⟩ (§4.3): d is the digest of the state after executing n. */
  | { type: 'Checkpoint'; seq: number; stateDigest: string }
  /** ⟨VIEW-CHANGE, v+1, n, C, P, i⟩ (§4.4): n and C are the last stable checkpoint; P the prepared certificates above it. */
  | ViewChangeMessage
  /** ⟨NEW-VIEW, v+1, V, O⟩ (§4.4). */
  | { type: 'NewView'; view: number; viewChanges: { from: NodeId; vc: ViewChangeMessage }[]; O: OrderedAt[] }
  /** State transfer (§4.3, "a replica ... may need to fetch ... state"): asks for the state at a stable checkpoint. */
  | { type: 'FetchState'; seq: number }
  | { type: 'State'; seq: number; stateDigest: string; kv: Record<string, number>; replies: Record<string, LastReply> };

export interface ViewChangeMessage {
  type: 'ViewChange';
  view: number;
  stableSeq: number;
  stableDigest: string;
  prepared: PreparedCertificate[];
}

/** A prepared certificate P_m (§4.4): the pre-prepare and 2f matching prepares of view `view`. */
export interface PreparedCertificate {
  seq: number;
  view: number;
  digest: string;
  m: Ordered;
}

/** One entry of the NEW-VIEW's O set: a pre-prepare of the new view. */
export interface OrderedAt {
  seq: number;
  digest: string;
  m: Ordered;
}

/** What the state machine answers: `{ ok, value? }` so the page's client history judges it as a key-value store. */
export interface PbftResult {
  ok: boolean;
  value?: number | null;
}

/** The last reply a replica sent a client (§4.1: kept to answer retransmissions). */
export interface LastReply {
  t: number;
  result: PbftResult;
}

/** The phase of one sequence number at a replica (§4.2). */
export type SlotPhase = 'pre-prepared' | 'prepared' | 'committed';

/** A sequence number's entry in the log, for the current view's pre-prepare. */
export interface Slot {
  view: number;
  digest: string;
  m: Ordered;
  phase: SlotPhase;
}

/** The votes for one (view, sequence number, digest): who sent a prepare, who a commit. */
export interface Votes {
  prepares: NodeId[];
  commits: NodeId[];
}

export interface ReplicaState {
  role: 'replica';
  config: PbftConfig;
  /** The replicas in order: replica i of view v is primary when i = v mod |R| (§4.1). */
  replicas: NodeId[];
  f: number;
  view: number;
  /** 'view-change' between sending a VIEW-CHANGE and entering the new view (§4.4). */
  status: 'normal' | 'view-change';
  /** Accepted pre-prepares by sequence number (h < n ≤ H). */
  log: Record<string, Slot>;
  /** The latest prepared certificate of each sequence number above h, across views (§4.4's P). */
  certs: Record<string, PreparedCertificate>;
  /** Prepares and commits by "view/seq/digest", also those that came before their pre-prepare. */
  votes: Record<string, Votes>;
  /** The primary's last assigned sequence number. */
  lastAssigned: number;
  lastExecuted: number;
  kv: Record<string, number>;
  replies: Record<string, LastReply>;
  /** The low watermark h: the last stable checkpoint, and its state (§4.3). */
  stable: { seq: number; digest: string; kv: Record<string, number>; replies: Record<string, LastReply> };
  /** This replica's own checkpoints above h, kept until one becomes stable. */
  ownCheckpoints: Record<string, { digest: string; kv: Record<string, number>; replies: Record<string, LastReply> }>;
  /** CHECKPOINT messages received: seq → digest → senders. */
  checkpointVotes: Record<string, Record<string, NodeId[]>>;
  /** Requests known and not executed, by digest: they keep a backup's view-change timer running. */
  pending: Record<string, ClientRequest>;
  /** The primary's requests waiting for a sequence number (digests, first come first served). */
  queue: string[];
  /** VIEW-CHANGE messages by view, then sender. */
  viewChanges: Record<string, Record<string, ViewChangeMessage>>;
  /** Pre-prepares of a later view that overtook its NEW-VIEW (links are not FIFO): taken on entering that view. */
  early: Extract<PbftMessage, { type: 'PrePrepare' }>[];
  /** The latest view each replica was heard in, when later than ours: f + 1 of them mean we missed a view change. */
  laterViews: Record<string, number>;
  /** The NEW-VIEW that started the current view (null in view 0): resent to a replica still asking for an older view. */
  lastNewView: Extract<PbftMessage, { type: 'NewView' }> | null;
  /** Checkpoint digests proven by the VIEW-CHANGE messages of a NEW-VIEW (their C component, §4.4): a fetched state may match one. */
  certifiedByViewChange: Record<string, string>;
  requestTimer: TimerId | null;
  viewChangeTimer: TimerId | null;
  /** The view whose NEW-VIEW timer runs (started once 2f + 1 VIEW-CHANGEs for it arrived), or null. */
  newViewTimerFor: number | null;
  /** The view-change timeout, doubled each time a view change fails to complete (§4.5.2). */
  viewChangeTimeoutUs: Micros;
  /** A state transfer asked for and not answered yet (seq), so it is not asked again each message. */
  fetching: number | null;
}

export interface ClientState {
  role: 'client';
  config: PbftConfig;
  replicas: NodeId[];
  f: number;
  /** The latest view a reply named: the client sends its requests to that view's primary (§4.1). */
  view: number;
  /** The last timestamp used (durable, so a restarted client never reuses one). */
  t: number;
  pending: { t: number; op: PbftOp; opId: number; sentAt: Micros; replies: Record<string, string>; broadcast: boolean } | null;
  queue: { op: PbftOp; opId: number }[];
  timer: TimerId | null;
}

export type PbftState = ReplicaState | ClientState;
