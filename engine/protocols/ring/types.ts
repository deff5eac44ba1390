import type { NodeId } from '../../kernel/protocol';
import type { Micros } from '../../kernel/time';
import type { RingConfig } from './config';
import type { RangeTable } from './ranges';

/** A node's own standing, which only that node changes (a join or leave command to it). */
export type MemberStatus = 'member' | 'spare' | 'left';

/** One row of the membership table: the higher version wins when two tables merge. */
export interface StatusEntry {
  status: MemberStatus;
  version: number;
}

/** A stored key: its value (a put's value; null before any put), version and recent writers. */
export interface Entry {
  value: number | null;
  /** Puts applied to this key so far, across every owner it had (travels with the key). */
  version: number;
  /** Op ids of the last few puts applied, so a duplicated Put message is not applied twice. */
  recent: number[];
}

/** A client operation on its way to the key's owner. `entry` is the node the client asked. */
export interface KeyOp {
  op: 'get' | 'put';
  opId: number;
  entry: NodeId;
  key: number;
  value: number | null;
  hops: number;
}

export type OpResult =
  | { ok: true; value: number | null; version: number; owner: NodeId }
  | { ok: false; error: 'timeout' | 'hops' | 'no owner' };

export interface ChunkEntry {
  key: number;
  entry: Entry;
}

/** A chunk of keys handed to another node; kept (durably) until that node acknowledges it. */
export interface OutgoingChunk {
  to: NodeId;
  seq: number;
  keys: ChunkEntry[];
  bytes: number;
}

export type RingMessage =
  /** A client operation routed one hop closer to the key's owner. */
  | { type: 'Route'; op: KeyOp }
  /** The owner's answer, back to the node the client asked. */
  | { type: 'Reply'; opId: number; result: OpResult }
  /** The sender's membership table (push-pull anti-entropy), and its range table under range partitioning. */
  | { type: 'Gossip'; statuses: StatusEntry[]; ranges?: RangeTable }
  /** Range partitioning: the keys holding a value at the sender, reported to the range master. */
  | { type: 'Sizes'; written: number[]; version: number; author: NodeId; settled: boolean }
  /**
   * A chunk of a partition migration; seq grows per sender, so a repeat is recognised. It carries
   * the sender's membership table, so the receiver judges the keys by a view at least as new.
   */
  | { type: 'Transfer'; seq: number; keys: ChunkEntry[]; bytes: number; statuses: StatusEntry[]; ranges?: RangeTable }
  | { type: 'TransferAck'; seq: number };

export type RingCommand =
  | { type: 'get'; key: number }
  | { type: 'put'; key: number; value: number }
  /** Writes null: the key holds no value any more (ranges shrink). */
  | { type: 'delete'; key: number }
  /** This node becomes a member (a spare joins, or a node that left comes back). */
  | { type: 'join' }
  /** This node leaves the ring: it hands every key it holds to the new owners. */
  | { type: 'leave' };

export interface SizeReport {
  written: number[];
  version: number;
  author: NodeId;
  settled: boolean;
}

export interface ParkedOp {
  op: KeyOp;
  deadlineUs: Micros;
}

export interface RingState {
  config: RingConfig;
  self: NodeId;
  statuses: StatusEntry[];
  /** Members (status member), ascending: the input of the placement. */
  members: NodeId[];
  /** The owner of each key under this node's table (-1: no members). */
  owners: NodeId[];
  /** Range partitioning only: the newest range table this node knows. */
  ranges: RangeTable | null;
  /** Range master only: what each node last reported (written keys, its table, whether its moves are done). */
  reports: Record<number, SizeReport>;
  /** Keys this node holds (value, version), by key number. */
  data: Record<number, Entry>;
  /** Where a key this node handed off went: followed by requests that still come here. */
  movedTo: Record<number, NodeId>;
  /** Chunks sent and not yet acknowledged: their keys are frozen (requests wait). */
  outgoing: OutgoingChunk[];
  /** Highest chunk seq accepted from each sender (durable: a repeat after a crash is still a repeat). */
  accepted: number[];
  transferSeq: number;
  /** Client operations this node was asked and has not answered. */
  pending: Record<number, true>;
  parked: ParkedOp[];
  migrateTimer: number | null;
  sweepTimer: number | null;
  /** Totals for the view: chunks and bytes this node sent and received. */
  keysSent: number;
  keysReceived: number;
  bytesSent: number;
  bytesReceived: number;
}
