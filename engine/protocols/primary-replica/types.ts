import type { NodeId } from '../../kernel/protocol';
import type { Micros } from '../../kernel/time';
import type { ClientMessage, ClientState } from '../lib/client';
import type { PrimaryReplicaConfig } from './config';
import type { CdcMessage, ConsumerState } from './cdc';

/** One record of the write-ahead log: a client's write, stamped by the primary that took it. */
export interface WalEntry {
  readonly index: number;
  /** The epoch of the primary that appended it (Raft's term, Postgres's timeline). */
  readonly epoch: number;
  readonly key: string;
  /** The write's value: the workload's operation number, unique per run, so it names the write. */
  readonly value: number;
  /** When the primary appended it: lag in milliseconds is now minus this for the first entry a replica lacks. */
  readonly atUs: Micros;
}

/** What one replica has acknowledged, as its primary knows it (Postgres pg_stat_replication). */
export interface FollowerProgress {
  /** The next index to ship. */
  next: number;
  /** The highest index it acknowledged holding in this epoch (0: none). */
  match: number;
  lastAckUs: Micros | null;
}

/** A client's write waiting for the acknowledgements its replication mode asks for. */
export interface WaitingWrite {
  readonly index: number;
  readonly client: NodeId;
  readonly opId: number;
  readonly attempt: number;
}

export interface ServerState {
  readonly kind: 'server';
  readonly config: PrimaryReplicaConfig;
  role: 'primary' | 'replica';
  /** The highest epoch this server knows (durable). */
  epoch: number;
  /** The WAL; entry i at log[i - 1] (durable, entry by entry). */
  log: WalEntry[];
  /** The primary it follows or redirects to (null: unknown). */
  primary: NodeId | null;
  /** The primary's last index as its latest shipment said (a replica's lag in entries). */
  primaryLast: number;
  /** When this replica last heard from its primary. */
  primaryHeardUs: Micros | null;
  /** As primary: each replica's progress. */
  followers: Record<string, FollowerProgress>;
  waiting: WaitingWrite[];
  /** As primary: until when its lease is known to hold (the last renewal's send time plus ttl). */
  leaseUntilUs: Micros | null;
  /** As primary: the renewal in flight (its number), or null. */
  renewing: { attempt: number; sentUs: Micros } | null;
  renewAttempt: number;
  /** As a candidate: the positions gathered so far, or null when not running. */
  candidacy: { round: number; positions: Record<string, { last: number; epoch: number }>; leaderOptime: number } | null;
  candidacyRound: number;
  /** Why it last stopped being primary, for the page. */
  demotedBecause: string | null;
  /** Bumped when it becomes or stops being primary, so the old role's timers die. */
  term: number;
  /** The time of its latest handler, so the view can say lag in milliseconds. */
  clockUs: Micros;
}

/** The lease store (Patroni's DCS: etcd, Consul, ZooKeeper): one key, the leader lease. */
export interface LeaseKey {
  holder: NodeId | null;
  epoch: number;
  expiresAtUs: Micros;
  /** The holder's last log index at its last renewal (Patroni's /optime/leader). */
  optime: number;
}

export interface DcsState {
  readonly kind: 'dcs';
  readonly config: PrimaryReplicaConfig;
  lease: LeaseKey;
}

export interface ClientNodeState {
  readonly kind: 'client';
  readonly config: PrimaryReplicaConfig;
  /** The highest epoch it has seen in an answer; sent with every request when fencing. */
  epoch: number;
  /** Writes (and reads from the primary) through the primary. */
  writer: ClientState;
  /** Reads from a replica. */
  reader: ClientState;
}

export type PrNodeState = ServerState | DcsState | ClientNodeState | ConsumerState;

export type PrCommand =
  | { type: 'write'; key: string; value: number; epoch?: number }
  | { type: 'read'; key: string; epoch?: number }
  | { type: 'promote' };

export type PrMessage =
  | ClientMessage
  | CdcMessage
  /** The primary ships its WAL (Postgres streaming replication), Raft's AppendEntries shape. */
  | { type: 'Ship'; epoch: number; prevIndex: number; prevEpoch: number; entries: WalEntry[]; primaryLast: number }
  | { type: 'Ack'; epoch: number; ok: boolean; match: number }
  /** Fencing: "your epoch is over", from a replica or a server with a higher epoch. */
  | { type: 'Fenced'; epoch: number; primary: NodeId | null }
  | { type: 'RenewLease'; epoch: number; optime: number; attempt: number }
  | { type: 'LeaseRenewed'; epoch: number; attempt: number; ttlUs: Micros }
  | { type: 'ReadLease' }
  | { type: 'AcquireLease'; epoch: number; last: number; force: boolean }
  | { type: 'LeaseGranted'; epoch: number }
  /** The key as it is: who holds it, in which epoch, whether it expired (and so may be taken). */
  | { type: 'LeaseState'; holder: NodeId | null; epoch: number; expired: boolean; optime: number; attempt?: number }
  | { type: 'PositionProbe'; round: number }
  | { type: 'Position'; round: number; last: number; epoch: number };

export const SERVER_KIND = 'server';
export const DCS_KIND = 'dcs';
export const CLIENT_KIND = 'client';
export const CONSUMER_KIND = 'consumer';
