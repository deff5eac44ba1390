import type { NodeContext, NodeId, TimerId } from '../../kernel/protocol';
import type { Micros } from '../../kernel/time';
import type { RaftConfig } from './config';

/**
 * One log entry. Besides client writes the log carries the leader's no-op (§8: a new leader
 * commits an entry of its own term to learn what is committed) and configurations (thesis §4.1).
 * Entries are never mutated once created: a follower stores the very objects it received.
 */
/**
 * A write names its key only when it is not the register `x` (the store's default key): the
 * entries of runs without keys stay exactly as they were, and so do their messages and hashes.
 */
export type LogEntry =
  | {
      term: number;
      kind: 'write';
      value: number;
      key?: string;
      /**
       * A write a client node sent (thesis §6.3): the client and its operation, so a retried
       * request finds the entry already in the leader's log instead of appending it twice.
       * Absent for writes invoked at a server (every run without client nodes).
       */
      client?: NodeId;
      op?: number;
    }
  | { term: number; kind: 'noop' }
  | { term: number; kind: 'config'; members: NodeId[] };

/**
 * A snapshot (§7, Figure 12; thesis §5.1, Figure 5.1): the state machine as of
 * lastIncludedIndex, and the latest configuration at or before it, which the log no longer
 * holds once the entry that carried it is gone. lastIncludedIndex 0 is the empty snapshot
 * every server starts with (its members are the initial configuration).
 */
export interface Snapshot {
  lastIncludedIndex: number;
  lastIncludedTerm: number;
  /** The register's value as of lastIncludedIndex (the state machine, Figure 12's "data"). */
  value: number | null;
  /** The other keys' values, when any was written (absent otherwise, as before keys existed). */
  kv?: Record<string, number>;
  members: NodeId[];
}

/** The RPCs of Figure 2, Pre-Vote (thesis §9.6) and forwarding of client requests. */
export type RaftMessage =
  | {
      type: 'RequestVote';
      term: number;
      lastLogIndex: number;
      lastLogTerm: number;
      /** Set by forceElection (thesisMembership only): disrupts a leader despite its lease (thesis §4.2.3). */
      forced?: true;
    }
  | { type: 'RequestVoteResponse'; term: number; granted: boolean }
  | {
      /** `term` is the term the sender would campaign in; the sender has not taken it. */
      type: 'PreVote';
      term: number;
      lastLogIndex: number;
      lastLogTerm: number;
    }
  | { type: 'PreVoteResponse'; term: number; granted: boolean }
  | {
      type: 'AppendEntries';
      term: number;
      prevLogIndex: number;
      prevLogTerm: number;
      entries: LogEntry[];
      leaderCommit: number;
      /** The leader's broadcast counter: an answer to round r proves leadership after it (§8 reads). */
      round: number;
    }
  | {
      type: 'AppendEntriesResponse';
      term: number;
      success: true;
      /** The last index known to match the leader's log. */
      matchIndex: number;
      round: number;
    }
  | {
      type: 'AppendEntriesResponse';
      term: number;
      success: false;
      /** The prevLogIndex that was rejected, and etcd's hint of where the logs may agree. */
      rejectedIndex: number;
      hintIndex: number;
      hintTerm: number;
      round: number;
    }
  | {
      /**
       * Figure 13, in one chunk: offset 0 and done are implied. Our state machine is one
       * register, so a whole snapshot is smaller than one AppendEntries of 64 entries.
       */
      type: 'InstallSnapshot';
      term: number;
      lastIncludedIndex: number;
      lastIncludedTerm: number;
      data: { value: number | null; kv?: Record<string, number>; members: NodeId[] };
      /** As in AppendEntries: the answer proves leadership for ReadIndex (§8). */
      round: number;
    }
  | {
      type: 'InstallSnapshotResponse';
      term: number;
      /** The last index known to match the leader's log (the snapshot's, or the commitIndex). */
      matchIndex: number;
      round: number;
    }
  | { type: 'ClientRequest'; term: number; opId: number; command: RaftCommand };

export type RaftCommand =
  /** `key` absent (or `x`): the register; any other key is a register of its own (a key-value store). */
  | { type: 'write'; value: number; key?: string }
  | { type: 'read'; key?: string }
  | { type: 'forceElection' }
  | { type: 'addServer'; node: NodeId }
  | { type: 'removeServer'; node: NodeId };

/** A write (or configuration change) waiting for its index to commit. */
export interface PendingWrite {
  index: number;
  opId: number;
  /** The client node that asked (absent: invoked here, answered by ctx.reply). */
  client?: NodeId;
}

export type Role = 'follower' | 'precandidate' | 'candidate' | 'leader';

/** A read waiting for a heartbeat round to confirm that this node still leads (§8, ReadIndex). */
export interface PendingRead {
  opId: number;
  /** The client node that asked (absent: the operation was invoked here, answered by ctx.reply). */
  client?: NodeId;
  /** Acks for this broadcast round or a later one prove leadership after the read arrived. */
  round: number;
  readIndex: number;
  value: number | null;
}

/**
 * One node's whole state, plain data (it is cloned for snapshots and may live in a worker).
 * Names follow Figure 2; the durable part (term, votedFor, log) is mirrored in ctx.durable.
 */
export interface RaftState {
  config: RaftConfig;
  self: NodeId;
  nodeCount: number;

  // Persistent state on all servers (Figure 2), and the snapshot that replaces the log's prefix (§7).
  term: number;
  votedFor: NodeId | null;
  snapshot: Snapshot;
  /**
   * The entries after the snapshot: log[i] holds index snapshot.lastIncludedIndex + 1 + i.
   * Raft's indices start at 1; index 0 is the empty prefix. Use log.ts to index it.
   */
  log: LogEntry[];

  // Volatile state on all servers.
  role: Role;
  leader: NodeId | null;
  commitIndex: number;
  /** The state machine: a register holding the value of the last committed write. */
  appliedValue: number | null;
  /** The state machine's other keys (a write with a `key` other than `x`); empty without keys. */
  appliedKv: Record<string, number>;
  /** The latest configuration in the log, committed or not (thesis §4.1); sorted. */
  members: NodeId[];
  /** Indices of the configuration entries in the log (after the snapshot), ascending, so truncation can revert. */
  configIndices: number[];
  electionTimer: TimerId | null;
  heartbeatTimer: TimerId | null;
  /** When an AppendEntries of the current leader last arrived (the Pre-Vote lease). */
  lastLeaderContactUs: Micros | null;
  /** Per node, in the current (pre-)election: true granted, false refused, null no answer. */
  votes: (boolean | null)[];

  // Volatile state on leaders (Figure 2), indexed by node id over every slot.
  nextIndex: number[];
  matchIndex: number[];
  /** Last time each peer answered in this term (check-quorum: a cut-off leader steps down). */
  lastAckUs: Micros[];
  /** The highest broadcast round each peer has answered in this term. */
  ackedRound: number[];
  round: number;
  /** The first round of this leader's term: answers to older rounds prove nothing now (readAcksThisTermOnly). */
  firstRoundOfTerm: number;
  /** Client writes (and config changes) appended in this term, answered when committed. */
  pendingWrites: PendingWrite[];
  pendingReads: PendingRead[];
  /** Forwarded op ids seen lately: the network may duplicate a ClientRequest. */
  recentOps: number[];
  recentOpsNext: number;
}

export type RaftContext = NodeContext<RaftMessage>;
