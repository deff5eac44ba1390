import { ballotFor, ballotLabel, majority, roundOf, type Ballot } from './ballot';
import type { NodeId } from '../../kernel/protocol';
import { post } from './dispatch';
import { ROUND_KEY, type PaxosContext, type PaxosMessage, type PaxosState, type ProposerState } from './types';

/**
 * The proposer (Paxos Made Simple §2.2, "the algorithm"): phase 1 sends a prepare request with a
 * new ballot to the acceptors; with promises from a majority it proposes, in phase 2, the value of
 * the highest-ballot proposal they reported (or its own when they reported none). Progress (§2.4)
 * needs one proposer at a time: with the `duelling` strategy every proposer competes as soon as
 * it hears a higher ballot, and two of them can pre-empt each other for ever; with the
 * `distinguished` strategy a pre-empted proposer backs off for a random time, and defers again
 * whenever it hears a higher ballot meanwhile, so the one whose ballot got through is left alone
 * to finish: the distinguished proposer.
 */

export const START_TIMER = 'start';
export const PHASE_TIMER = 'phase';
export const BACKOFF_TIMER = 'backoff';

export function recoverProposer(ctx: PaxosContext): ProposerState {
  return {
    value: null,
    // A restarted proposer must never reuse a ballot it may have used with another value.
    round: ctx.durable.get<number>(ROUND_KEY) ?? 0,
    ballot: 0,
    phase: 'idle',
    promises: [],
    highest: null,
    proposing: null,
    accepts: [],
    timer: null,
    ballotsStarted: 0,
    preemptions: 0,
  };
}

/** The value a proposer brings when nobody gave it one: 10 for the first node, 20 for the second, ... */
export function ownValue(self: NodeId): number {
  return 10 * (self + 1);
}

/** Phase 1a: a new ballot, above every round used or heard of, sent to every acceptor. */
export function startBallot(state: PaxosState, ctx: PaxosContext): void {
  const p = state.proposer!;
  p.round += 1;
  ctx.durable.put(ROUND_KEY, p.round);
  p.ballot = ballotFor(p.round, ctx.self);
  p.phase = 'preparing';
  p.promises = [];
  p.highest = null;
  p.proposing = null;
  p.accepts = [];
  p.ballotsStarted++;
  setTimer(state, ctx, PHASE_TIMER, state.config.phaseTimeoutUs);
  ctx.observe('prepare', { ballot: p.ballot, label: ballotLabel(p.ballot, ctx.nameOf) });
  toAcceptors(state, ctx, { type: 'Prepare', ballot: p.ballot });
}

/** Phase 2a, once a majority promised: the highest-ballot value they reported, or our own. */
export function onPromise(state: PaxosState, ctx: PaxosContext, from: NodeId, msg: Extract<PaxosMessage, { type: 'Promise' }>): void {
  const p = state.proposer!;
  if (p.phase !== 'preparing' || msg.ballot !== p.ballot || p.promises.includes(from)) return;
  p.promises.push(from);
  if (msg.accepted && (p.highest === null || msg.accepted.ballot > p.highest.ballot)) p.highest = msg.accepted;
  if (p.promises.length < majority(state.acceptors.length)) return;
  const value = p.highest?.value ?? p.value!;
  p.proposing = value;
  p.phase = 'accepting';
  setTimer(state, ctx, PHASE_TIMER, state.config.phaseTimeoutUs);
  ctx.observe('propose', { ballot: p.ballot, value, adopted: p.highest !== null, label: ballotLabel(p.ballot, ctx.nameOf) });
  toAcceptors(state, ctx, { type: 'Accept', ballot: p.ballot, value });
}

/** A majority accepted this ballot: the value is chosen, and this proposer's work is done. */
export function onAcceptedAtProposer(state: PaxosState, ctx: PaxosContext, from: NodeId, msg: Extract<PaxosMessage, { type: 'Accepted' }>): void {
  const p = state.proposer!;
  if (p.phase !== 'accepting' || msg.ballot !== p.ballot || p.accepts.includes(from)) return;
  p.accepts.push(from);
  if (p.accepts.length >= majority(state.acceptors.length)) finish(state, ctx);
}

/** An acceptor passed this ballot by. */
export function onNack(state: PaxosState, ctx: PaxosContext, msg: Extract<PaxosMessage, { type: 'Nack' }>): void {
  const p = state.proposer!;
  if (msg.ballot !== p.ballot || (p.phase !== 'preparing' && p.phase !== 'accepting')) return;
  preempted(state, ctx, msg.promised);
}

/**
 * This node's acceptor heard another proposer's ballot `ballot`. A proposer at work whose ballot
 * is below it was pre-empted; one backing off defers again (the other is making progress).
 */
export function heardBallot(state: PaxosState, ctx: PaxosContext, ballot: Ballot): void {
  const p = state.proposer;
  if (!p || ballot <= p.ballot) return;
  if (p.phase === 'preparing' || p.phase === 'accepting') return preempted(state, ctx, ballot);
  if (p.phase === 'backoff') {
    p.round = Math.max(p.round, roundOf(ballot));
    backOff(state, ctx);
  }
}

/** Another ballot got ahead of ours: compete at once (duelling), or back off (distinguished). */
function preempted(state: PaxosState, ctx: PaxosContext, by: Ballot): void {
  const p = state.proposer!;
  p.preemptions++;
  p.round = Math.max(p.round, roundOf(by));
  ctx.observe('preempted', { ballot: p.ballot, by, label: ballotLabel(p.ballot, ctx.nameOf), byLabel: ballotLabel(by, ctx.nameOf) });
  if (state.strategy === 'duelling') return startBallot(state, ctx);
  backOff(state, ctx);
}

function backOff(state: PaxosState, ctx: PaxosContext): void {
  const p = state.proposer!;
  p.phase = 'backoff';
  const { backoffMinUs, backoffMaxUs } = state.config;
  setTimer(state, ctx, BACKOFF_TIMER, ctx.random.int(backoffMinUs, backoffMaxUs));
}

export function onProposerTimer(state: PaxosState, ctx: PaxosContext, name: string): void {
  const p = state.proposer!;
  p.timer = null;
  if (name === START_TIMER && p.phase === 'idle' && p.value !== null) return startBallot(state, ctx);
  if (name === BACKOFF_TIMER && p.phase === 'backoff') return startBallot(state, ctx);
  if (name === PHASE_TIMER && (p.phase === 'preparing' || p.phase === 'accepting')) {
    // No majority answered in time (lost messages, crashed acceptors): try a new ballot.
    if (state.strategy === 'duelling') return startBallot(state, ctx);
    backOff(state, ctx);
  }
}

/** The value is chosen (this proposer saw a majority accept, or this node learned it). */
export function finish(state: PaxosState, ctx: PaxosContext): void {
  const p = state.proposer;
  if (!p || p.phase === 'done') return;
  p.phase = 'done';
  if (p.timer !== null) ctx.cancelTimer(p.timer);
  p.timer = null;
}

function setTimer(state: PaxosState, ctx: PaxosContext, name: string, delayUs: number): void {
  const p = state.proposer!;
  if (p.timer !== null) ctx.cancelTimer(p.timer);
  p.timer = ctx.setTimer(delayUs, name);
}

/** To every acceptor, this node's own last (its local answer must not run ahead of the sends). */
function toAcceptors(state: PaxosState, ctx: PaxosContext, msg: PaxosMessage): void {
  const others = state.acceptors.filter((id) => id !== ctx.self);
  for (const to of others) post(state, ctx, to, msg);
  if (state.acceptors.includes(ctx.self)) post(state, ctx, ctx.self, msg);
}
