import type { NodeContext, NodeId, TimerId } from '../../kernel/protocol';
import type { Micros } from '../../kernel/time';
import type { Ballot } from './ballot';

/**
 * Single-decree Paxos ("Paxos Made Simple", Lamport 2001): the types. A value is a number (the
 * proposers' own, or the user's); one decree, so one slot (0) in the observations the shared
 * monitor reads.
 */

/**
 * What a proposer does when it hears of a higher ballot than its own (§2.4):
 * - `duelling`: competes at once with a higher ballot of its own. Two such proposers can keep
 *   pre-empting each other forever: the livelock the paper warns of;
 * - `distinguished`: backs off for a random time and defers to the proposer it heard, trying
 *   again only after a back-off with no news of a higher ballot: the proposer whose ballot wins
 *   the race becomes the distinguished proposer, and the value is chosen.
 */
export type Strategy = 'duelling' | 'distinguished';

export interface PaxosConfig {
  strategy: Strategy;
  /** When a proposer starts (each draws its own time in [0, startJitterUs]). */
  startJitterUs: Micros;
  /** How long a proposer waits for a majority of answers before starting a new ballot. */
  phaseTimeoutUs: Micros;
  /** The random back-off of the distinguished strategy, drawn in [backoffMinUs, backoffMaxUs]. */
  backoffMinUs: Micros;
  backoffMaxUs: Micros;
}

/** Node kinds: a server plays all three roles; the other kinds play one each. */
export const SERVER_KIND = 'server';
export const PROPOSER_KIND = 'proposer';
export const ACCEPTOR_KIND = 'acceptor';
export const LEARNER_KIND = 'learner';

export interface Roles {
  proposer: boolean;
  acceptor: boolean;
  learner: boolean;
}

export function rolesOfKind(kind: string | undefined): Roles {
  return {
    proposer: kind === SERVER_KIND || kind === PROPOSER_KIND,
    acceptor: kind === SERVER_KIND || kind === ACCEPTOR_KIND,
    learner: kind === SERVER_KIND || kind === LEARNER_KIND,
  };
}

/** Every node of a role, ascending. */
export function nodesWithRole(ctx: { nodesOf(kind: string): readonly NodeId[] }, role: keyof Roles): NodeId[] {
  const kinds = [SERVER_KIND, role === 'proposer' ? PROPOSER_KIND : role === 'acceptor' ? ACCEPTOR_KIND : LEARNER_KIND];
  return kinds.flatMap((k) => ctx.nodesOf(k)).sort((a, b) => a - b);
}

/** A proposal: a ballot and its value. */
export interface Proposal {
  ballot: Ballot;
  value: number;
}

/** §2.2's messages, named as the paper's phases (1a prepare, 1b promise, 2a accept, 2b accepted). */
export type PaxosMessage =
  | { type: 'Prepare'; ballot: Ballot }
  | { type: 'Promise'; ballot: Ballot; accepted: Proposal | null }
  | { type: 'Accept'; ballot: Ballot; value: number }
  | { type: 'Accepted'; ballot: Ballot; value: number }
  /** An optimisation the paper suggests (§2.2): tell a proposer its ballot was passed by. */
  | { type: 'Nack'; ballot: Ballot; promised: Ballot };

export type PaxosCommand =
  | { type: 'propose'; value: number }
  | { type: 'strategy'; strategy: Strategy };

export type ProposerPhase = 'idle' | 'preparing' | 'accepting' | 'backoff' | 'done';

export interface ProposerState {
  /** The value this proposer wants chosen (null: none yet). */
  value: number | null;
  /** The highest round it has used or heard of (durable: a ballot is never reused). */
  round: number;
  ballot: Ballot;
  phase: ProposerPhase;
  promises: NodeId[];
  /** The highest-ballot proposal the promises reported (§2.2: its value must be proposed). */
  highest: Proposal | null;
  /** The value sent with Accept in this ballot. */
  proposing: number | null;
  accepts: NodeId[];
  timer: TimerId | null;
  /** How many ballots it has started (for the view and the stats). */
  ballotsStarted: number;
  preemptions: number;
}

export interface AcceptorState {
  /** The highest ballot it promised (durable). */
  promised: Ballot;
  /** The proposal it last accepted (durable). */
  accepted: Proposal | null;
}

export interface LearnerState {
  /** ballot -> the acceptors whose Accepted of it it heard. */
  votes: Record<string, { value: number; from: NodeId[] }>;
  learned: Proposal | null;
}

export interface PaxosState {
  config: PaxosConfig;
  strategy: Strategy;
  roles: Roles;
  acceptors: NodeId[];
  learners: NodeId[];
  proposer: ProposerState | null;
  acceptor: AcceptorState | null;
  learner: LearnerState | null;
}

export type PaxosContext = NodeContext<PaxosMessage>;

/** Durable keys (what the node fsyncs): the acceptor's promise and acceptance, the proposer's round. */
export const PROMISED_KEY = 'promised';
export const ACCEPTED_KEY = 'accepted';
export const ROUND_KEY = 'round';
