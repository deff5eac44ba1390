import type { Micros } from '../../kernel/time';
import type { LocksConfig } from './config';

/** The kinds of node (locks.ts declares them): lock servers, the clients that want the lock, the storage they write to. */
export const SERVER_KIND = 'server';
export const CLIENT_KIND = 'client';
export const STORAGE_KIND = 'storage';

/** The one lock every client contends for (messages name it so that a second lock is a small change). */
export const LOCK = 'L';

/**
 * One lease as a lock server (or the consensus group's state machine) holds it: who holds it,
 * for which of its attempts, until when (virtual µs; the sim's clocks agree, see README "Clocks").
 * `token` is the fencing token of the grant: the server's grant counter (redlock) or the log
 * index of the grant (consensus).
 */
export interface Lease {
  holder: number;
  attempt: number;
  expiresAtUs: Micros;
  token: number;
}

/** A lock's entry in a lease table: the live lease, if any, and the highest token ever handed out. */
export interface LockEntry {
  lease: Lease | null;
  counter: number;
}

export type LeaseTable = Record<string, LockEntry>;

// ---- messages ------------------------------------------------------------------------------

/** Client → lock server. `ttlUs` is the lease asked for (Redlock's PX). */
export interface Acquire { type: 'Acquire'; lock: string; attempt: number; ttlUs: Micros }
export interface Renew { type: 'Renew'; lock: string; attempt: number; ttlUs: Micros }
export interface Release { type: 'Release'; lock: string; attempt: number }
/** Redlock with fencing: the token the client took from its majority, written back to the servers that granted it (README). */
export interface Fence { type: 'Fence'; lock: string; attempt: number; token: number }

/** Lock server → client. */
export interface Grant { type: 'Grant'; lock: string; attempt: number; token: number }
export interface Refuse { type: 'Refuse'; lock: string; attempt: number; holder: number | null; remainingUs: Micros }
export interface Renewed { type: 'Renewed'; lock: string; attempt: number; ok: boolean }
export interface Released { type: 'Released'; lock: string; attempt: number }
export interface FenceAck { type: 'FenceAck'; lock: string; attempt: number }
/** Consensus mode: this server is not the leader; `leader` is who it follows, if anyone. */
export interface NotLeader { type: 'NotLeader'; lock: string; attempt: number; leader: number | null }

/** Consensus group, server ↔ server (Raft §5.2, §5.3; the log compacted into the state it produces, §7). */
export interface RequestVote { type: 'RequestVote'; term: number; lastTerm: number; lastIndex: number }
export interface Vote { type: 'Vote'; term: number; granted: boolean }
export interface Replicate { type: 'Replicate'; term: number; index: number; stateTerm: number; clockUs: Micros; table: LeaseTable; commitIndex: number }
export interface ReplicateAck { type: 'ReplicateAck'; term: number; index: number; ok: boolean }

/** Client → storage and back. */
export interface Write { type: 'Write'; lock: string; token: number; attempt: number; value: number }
export interface WriteAck { type: 'WriteAck'; lock: string; token: number; attempt: number }
export interface WriteRefused { type: 'WriteRefused'; lock: string; token: number; attempt: number; highest: number }

export type LocksMessage =
  | Acquire | Renew | Release | Fence
  | Grant | Refuse | Renewed | Released | FenceAck | NotLeader
  | RequestVote | Vote | Replicate | ReplicateAck
  | Write | WriteAck | WriteRefused;

/** Users and lessons poke clients: "acquire now". */
export type LocksCommand = { type: 'acquire' } | { type: 'release' };

// ---- node states ------------------------------------------------------------------------------

export interface RedlockServerState {
  kind: 'redlock';
  config: LocksConfig;
  table: LeaseTable;
  /** Expiry timers by lock, so a renewal or release can cancel the old one. */
  expiryTimers: Record<string, number>;
}

export type ConsensusRole = 'follower' | 'candidate' | 'leader';

/** A pending client request at the leader, answered when its index commits. */
export interface PendingReply {
  index: number;
  client: number;
  reply: Grant | Refuse | Renewed | Released;
}

export interface ConsensusServerState {
  kind: 'consensus';
  config: LocksConfig;
  term: number;
  votedFor: number | null;
  role: ConsensusRole;
  leader: number | null;
  /** The state machine after the last entry this server holds (committed or not): index, the term of that entry, the table. */
  index: number;
  stateTerm: number;
  table: LeaseTable;
  /** The apply clock: the proposal time of the last entry, so expiry is decided the same on every server. */
  clockUs: Micros;
  commitIndex: number;
  votes: number[];
  /** Leader only: the index each server holds in this term (self included). */
  matchIndex: Record<number, number>;
  pending: PendingReply[];
  electionTimer: number | null;
  heartbeatTimer: number | null;
}

export type ClientPhase = 'idle' | 'acquiring' | 'fencing' | 'holding' | 'releasing';

export interface ClientState {
  kind: 'client';
  config: LocksConfig;
  phase: ClientPhase;
  attempt: number;
  /** When the current attempt (or renewal) started: Redlock's validity counts from here. */
  startUs: Micros;
  grants: Record<number, number>;
  answered: number[];
  /** Consensus mode: whom to ask next. */
  target: number | null;
  token: number | null;
  /** Until when the lease arithmetic says the client holds the lock (start + TTL − drift). */
  validUntilUs: Micros;
  acquiredAtUs: Micros | null;
  writesLeft: number;
  writesDone: number;
  renewing: boolean;
  renewStartUs: Micros;
  renewGrants: number[];
  fenceAcks: number[];
  timer: number | null;
  workTimer: number | null;
  lastOutcome: string | null;
}

export interface StorageState {
  kind: 'storage';
  config: LocksConfig;
  /** The highest token the storage has seen per lock (durable: a restart must not forget it). */
  highest: Record<string, number>;
  accepted: number;
  refused: number;
  /** The last few writes, for the page. */
  recent: { client: number; token: number; value: number; ok: boolean; atUs: Micros }[];
}

export type LocksNodeState = RedlockServerState | ConsensusServerState | ClientState | StorageState;
