import type { NodeId } from '../../kernel/protocol';
import { proposerOf } from './ballot';
import { post } from './dispatch';
import { ACCEPTED_KEY, PROMISED_KEY, type AcceptorState, type PaxosContext, type PaxosMessage, type PaxosState, type Proposal } from './types';

/**
 * The acceptor (Paxos Made Simple §2.2, P1a): it promises never to accept a ballot below the
 * highest it answered, and it accepts a proposal unless it promised a higher ballot. Both its
 * promise and its acceptance are written to durable storage before it answers (§2.3: "an acceptor
 * must remember this information even if it fails and then restarts"): an acceptor that forgot
 * its promise could accept a lower ballot's value after a higher one was chosen.
 */

export function recoverAcceptor(ctx: PaxosContext): AcceptorState {
  return {
    promised: ctx.durable.get<number>(PROMISED_KEY) ?? 0,
    accepted: ctx.durable.get<Proposal | null>(ACCEPTED_KEY) ?? null,
  };
}

/** Phase 1b: a prepare request above every ballot answered so far gets a promise, with what it accepted. */
export function onPrepare(state: PaxosState, ctx: PaxosContext, from: NodeId, msg: Extract<PaxosMessage, { type: 'Prepare' }>): void {
  const a = state.acceptor!;
  if (msg.ballot <= a.promised) return post(state, ctx, from, { type: 'Nack', ballot: msg.ballot, promised: a.promised });
  a.promised = msg.ballot;
  ctx.durable.put(PROMISED_KEY, a.promised);
  ctx.observe('promised', { ballot: msg.ballot });
  post(state, ctx, from, { type: 'Promise', ballot: msg.ballot, accepted: a.accepted });
}

/**
 * Phase 2b: accepts unless it promised a higher ballot; tells the ballot's proposer and every
 * learner (§2.3: acceptors respond to all learners, the fastest way to learn).
 */
export function onAccept(state: PaxosState, ctx: PaxosContext, from: NodeId, msg: Extract<PaxosMessage, { type: 'Accept' }>): void {
  const a = state.acceptor!;
  if (msg.ballot < a.promised) return post(state, ctx, from, { type: 'Nack', ballot: msg.ballot, promised: a.promised });
  if (msg.ballot > a.promised) {
    a.promised = msg.ballot;
    ctx.durable.put(PROMISED_KEY, a.promised);
  }
  a.accepted = { ballot: msg.ballot, value: msg.value };
  ctx.durable.put(ACCEPTED_KEY, a.accepted);
  ctx.observe('accepted', { slot: 0, ballot: msg.ballot, value: msg.value });
  const told = new Set([proposerOf(msg.ballot), ...state.learners]);
  // Others first, then this node's own roles, so a local answer never runs ahead of the sends.
  const order = [...told].filter((id) => id !== ctx.self).concat(told.has(ctx.self) ? [ctx.self] : []);
  for (const to of order) post(state, ctx, to, { type: 'Accepted', ballot: msg.ballot, value: msg.value });
}
