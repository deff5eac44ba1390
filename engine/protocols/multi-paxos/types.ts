import type { NodeContext, NodeId, TimerId } from '../../kernel/protocol';
import type { Micros } from '../../kernel/time';
import type { ClientState } from '../lib/client';
import type { Ballot } from '../paxos/ballot';

/**
 * Multi-Paxos (Paxos Made Simple §3, "Implementing a State Machine"): a sequence of Paxos
 * instances, one per slot of a replicated log, run by a stable leader that does phase 1 once for
 * every slot it has not seen chosen and then only phase 2 per command. The log holds a key-value
 * store's commands; its clients are client nodes.
 */

export interface MultiPaxosConfig {
  electionTimeoutMinUs: Micros;
  electionTimeoutMaxUs: Micros;
  heartbeatIntervalUs: Micros;
  /** Share of the workload's operations that are reads (the rest are writes). */
  readFraction: number;
  /** Keys k1..kN the workload reads and writes. */
  kvKeys: number;
  /** Mean gap between the workload's operations. */
  workloadIntervalUs: Micros;
}

/** What a slot holds: a client's command, or a no-op that fills a gap (§3). */
export type Command =
  | { kind: 'noop' }
  | { kind: 'write'; key: string; value: number; op: number }
  | { kind: 'read'; key: string; op: number };

/** An acceptor's acceptance in one slot. */
export interface Accepted {
  ballot: Ballot;
  value: Command;
}

export type MultiPaxosMessage =
  /** Phase 1a for every slot from `from` on: one prepare covers the whole rest of the log. */
  | { type: 'Prepare'; ballot: Ballot; from: number }
  /** Phase 1b: the promise, with every proposal the acceptor accepted in those slots. */
  | { type: 'Promise'; ballot: Ballot; accepted: ({ slot: number } & Accepted)[] }
  /** Phase 2a for one slot; `chosenUpTo` tells followers which slots are chosen (all below it). */
  | { type: 'Accept'; ballot: Ballot; slot: number; value: Command; chosenUpTo: number }
  | { type: 'Accepted'; ballot: Ballot; slot: number }
  | { type: 'Nack'; ballot: Ballot; promised: Ballot }
  /** The leader's keep-alive, with what is chosen. */
  | { type: 'Heartbeat'; ballot: Ballot; chosenUpTo: number }
  /** A learner behind asks the leader for chosen values from `from` on. */
  | { type: 'CatchUp'; from: number }
  | { type: 'Chosen'; entries: { slot: number; value: Command }[] };

export type MultiPaxosCommand =
  | { type: 'read'; key?: string }
  | { type: 'write'; key?: string; value: number }
  | { type: 'campaign' };

export type Role = 'follower' | 'candidate' | 'leader';

/** A server: acceptor, learner and (when it leads) the distinguished proposer. */
export interface ServerState {
  kind: 'server';
  config: MultiPaxosConfig;
  self: NodeId;
  servers: NodeId[];

  // Acceptor (durable: acceptor.ts)
  promised: Ballot;
  accepted: Record<number, Accepted>;
  maxAcceptedSlot: number;

  // Learner (volatile: relearned from the leader after a restart)
  chosen: Record<number, Command>;
  /** The first slot not yet known chosen; every slot below it is applied. */
  firstUnchosen: number;
  kv: Record<string, number>;
  /** Results of the client operations applied, by opId: a retried request is applied once. */
  results: Record<number, unknown>;
  catchUpAskedUs: Micros | null;

  // Proposer / leader
  role: Role;
  /** The highest round this node used or saw (durable, so a ballot is never reused). */
  round: number;
  ballot: Ballot;
  /** Who leads as far as this node knows, and in which ballot. */
  leader: NodeId | null;
  leaderBallot: Ballot;
  promisesFrom: NodeId[];
  /** Per slot, the highest-ballot proposal the promises reported. */
  promisedEntries: Record<number, Accepted>;
  nextSlot: number;
  /** Phase 2 in progress: slot -> the value and who accepted it. */
  proposals: Record<number, { value: Command; acks: NodeId[] }>;
  /** Slots holding a client's operation this leader must answer: slot -> who asked. */
  waiting: Record<number, { opId: number; client: NodeId | null }>;
  /** opIds proposed and not yet applied (a retry of one is not proposed twice). */
  inFlight: Record<number, number>;
  electionTimer: TimerId | null;
  heartbeatTimer: TimerId | null;
}

export interface ClientNodeState {
  kind: 'client';
  config: MultiPaxosConfig;
  client: ClientState;
}

export type MultiPaxosState = ServerState | ClientNodeState;

export type MultiPaxosContext = NodeContext<MultiPaxosMessage>;

export const SERVER_KIND = 'server';
export const CLIENT_KIND = 'client';

export const PROMISED_KEY = 'promised';
export const ROUND_KEY = 'round';
export const MAX_SLOT_KEY = 'maxSlot';
export const acceptedKey = (slot: number) => `slot:${slot}`;
