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

export type TwoPcMessage =
  | { type: 'Prepare'; txid: string; writes: Write[] }
  | { type: 'Vote'; txid: string; yes: boolean }
  | { type: 'Commit'; txid: string }
  | { type: 'Abort'; txid: string }
  | { type: 'Ack'; txid: string }
  | { type: 'Query'; txid: string };

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
}

/** A participant's prepared (in-doubt) transaction: durable, with its locks. */
export interface PreparedTxn {
  coordinator: NodeId;
  writes: Write[];
  preparedUs: Micros;
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

export type TwoPcState = CoordinatorState | ParticipantState;
