import type { NodeId, ProtocolCommand } from '../../kernel/protocol';
import type { Micros } from '../../kernel/time';
import type { TwoPcConfig } from './config';

/**
 * Two-phase commit's messages, named as Gray and Lamport name them ("Consensus on Transaction
 * Commit", 2006, §3): the transaction manager (coordinator) sends Prepare to each resource
 * manager (participant) a transaction touches; each answers with its vote; the coordinator sends
 * Commit or Abort; participants acknowledge, and one in doubt asks with Query.
 */
export interface Write {
  key: string;
  value: number;
}

/** One Paxos instance's value: participant `rm`'s vote, Prepared (true) or Aborted (false). */
export interface InstanceVote {
  rm: NodeId;
  prepared: boolean;
}

/**
 * Paxos Commit's messages (Gray and Lamport §4), one bundle per transaction covering all its
 * instances (the paper's §4.2 optimisation): a participant's ballot-0 Phase2a carries its own
 * vote only; a leader's carries one value per instance. `leader` is who gathers the Phase2b.
 */
export type PaxosCommitMessage =
  | { type: 'Phase2a'; txid: string; ballot: number; votes: InstanceVote[]; participants: NodeId[]; leader: NodeId }
  | { type: 'Phase2b'; txid: string; ballot: number; votes: InstanceVote[] }
  | { type: 'Phase1a'; txid: string; ballot: number }
  | { type: 'Phase1b'; txid: string; ballot: number; accepted: (InstanceVote & { ballot: number })[]; participants: NodeId[] }
  | { type: 'Nack'; txid: string; ballot: number }
  | { type: 'Decided'; txid: string; outcome: Outcome }
  | { type: 'Inquire'; txid: string; participants: NodeId[] }
  | { type: 'AskPeer'; txid: string };

export type TwoPcMessage =
  /** `participants` only in Paxos Commit and cooperative termination (who to ask): classic messages stay as they were. */
  | { type: 'Prepare'; txid: string; writes: Write[]; participants?: NodeId[] }
  | { type: 'Vote'; txid: string; yes: boolean }
  | { type: 'Commit'; txid: string }
  | { type: 'Abort'; txid: string }
  | { type: 'Ack'; txid: string }
  | { type: 'Query'; txid: string }
  | PaxosCommitMessage;

/** A client's transaction, sent to a coordinator: the keys it writes and their new values. */
export interface TxnCommand extends ProtocolCommand {
  type: 'txn';
  writes: Write[];
}

export type Outcome = 'commit' | 'abort';

/** What the coordinator's disk holds for a decided transaction until every participant acked. */
export interface LoggedDecision {
  outcome: Outcome;
  /** The participants to tell, with what each was asked to write (for the view). */
  participants: NodeId[];
}

/** A transaction the coordinator is running (in memory; only the decision is on disk). */
export interface CoordinatorTxn {
  txid: string;
  /** The client operation to answer; null for one recovered from the log after a restart. */
  opId: number | null;
  writes: Write[];
  participants: NodeId[];
  votes: Record<number, boolean>;
  phase: 'preparing' | 'committing' | 'aborting';
  acks: NodeId[];
  startedUs: Micros;
  reason: string | null;
}

export interface CoordinatorState {
  role: 'coordinator';
  config: TwoPcConfig;
  seq: number;
  txns: Record<string, CoordinatorTxn>;
  /** The last few finished transactions, for the view. */
  finished: { txid: string; outcome: Outcome; reason: string | null; atUs: Micros }[];
  /** Paxos Commit: the transactions this coordinator leads (volatile: the acceptors hold the votes). */
  leading: Record<string, LeaderTxn>;
}

/** An acceptor's durable record of one transaction's instances (Paxos's promise and acceptances). */
export interface AcceptorRecord {
  /** The highest ballot promised, shared by all the transaction's instances (one Phase1a covers them all). */
  promised: number;
  /** By participant: the ballot and value last accepted in its instance. */
  accepted: Record<number, { ballot: number; prepared: boolean }>;
  participants: NodeId[];
  /** Who gathers ballot 0's Phase2b: the coordinator that sent the Prepares. */
  leader: NodeId;
}

/** A leader's run of Paxos over one transaction's instances (the coordinator's, or an acceptor's takeover). */
export interface LeaderTxn {
  ballot: number;
  phase: 'phase1' | 'phase2' | 'preempted' | 'decided';
  participants: NodeId[];
  /** Phase 1: acceptor -> what it had accepted. */
  promises: Record<number, (InstanceVote & { ballot: number })[]>;
  /** Phase 2: "rm ballot prepared" -> the acceptors that accepted it. */
  tally: Record<string, NodeId[]>;
  /** The instances known chosen: rm -> Prepared? */
  chosen: Record<number, boolean>;
  opId: number | null;
  startedUs: Micros;
}

export interface AcceptorState {
  role: 'acceptor';
  config: TwoPcConfig;
  records: Record<string, AcceptorRecord>;
  leading: Record<string, LeaderTxn>;
  /** Outcomes learned (from a leader's Decided or its own leading): answers for participants in doubt. */
  decided: Record<string, Outcome>;
  /** The last few transactions touched, for the view. */
  recent: string[];
}

/** A participant's prepared (in-doubt) transaction: durable, with its locks. */
export interface PreparedTxn {
  coordinator: NodeId;
  writes: Write[];
  preparedUs: Micros;
  /** Everyone the transaction touches: only in Paxos Commit and cooperative termination (whom to ask). */
  participants?: NodeId[];
}

export interface ParticipantState {
  role: 'participant';
  config: TwoPcConfig;
  /** Key -> the transaction holding its lock (rebuilt from the prepared records on restart). */
  locks: Record<string, string>;
  prepared: Record<string, PreparedTxn>;
  /** The committed values (also on disk). */
  data: Record<string, { value: number; txid: string }>;
  recent: { txid: string; outcome: Outcome; atUs: Micros }[];
}

export type TwoPcState = CoordinatorState | ParticipantState | AcceptorState;
