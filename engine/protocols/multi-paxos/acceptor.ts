import type { NodeId } from '../../kernel/protocol';
import { acceptedKey, MAX_SLOT_KEY, PROMISED_KEY, type Accepted, type MultiPaxosContext, type MultiPaxosMessage, type ServerState } from './types';

/**
 * The acceptor of every slot (Paxos Made Simple §2.2 per instance; §3 lets one prepare cover all
 * slots from one on). Its promise and each slot's acceptance are written durably before it
 * answers, one key per slot, so a crash loses nothing it promised or accepted.
 */

export function recoverAcceptor(ctx: MultiPaxosContext): Pick<ServerState, 'promised' | 'accepted' | 'maxAcceptedSlot'> {
  const promised = ctx.durable.get<number>(PROMISED_KEY) ?? 0;
  const maxAcceptedSlot = ctx.durable.get<number>(MAX_SLOT_KEY) ?? -1;
  const accepted: Record<number, Accepted> = {};
  for (let slot = 0; slot <= maxAcceptedSlot; slot++) {
    const a = ctx.durable.get<Accepted>(acceptedKey(slot));
    if (a) accepted[slot] = a;
  }
  return { promised, accepted, maxAcceptedSlot };
}

/** Phase 1b: promise `ballot` if it is above every ballot promised; report what was accepted from `from` on. */
export function promise(
  state: ServerState,
  ctx: MultiPaxosContext,
  msg: Extract<MultiPaxosMessage, { type: 'Prepare' }>,
): Extract<MultiPaxosMessage, { type: 'Promise' | 'Nack' }> {
  if (msg.ballot <= state.promised) return { type: 'Nack', ballot: msg.ballot, promised: state.promised };
  raisePromise(state, ctx, msg.ballot);
  const accepted: ({ slot: number } & Accepted)[] = [];
  for (let slot = Math.max(0, msg.from); slot <= state.maxAcceptedSlot; slot++) {
    const a = state.accepted[slot];
    if (a) accepted.push({ slot, ballot: a.ballot, value: a.value });
  }
  return { type: 'Promise', ballot: msg.ballot, accepted };
}

/** Phase 2b: accept unless a higher ballot was promised. Returns whether it accepted. */
export function accept(state: ServerState, ctx: MultiPaxosContext, ballot: number, slot: number, value: Accepted['value']): boolean {
  if (ballot < state.promised) return false;
  if (ballot > state.promised) raisePromise(state, ctx, ballot);
  const a: Accepted = { ballot, value };
  state.accepted[slot] = a;
  ctx.durable.put(acceptedKey(slot), a);
  if (slot > state.maxAcceptedSlot) {
    state.maxAcceptedSlot = slot;
    ctx.durable.put(MAX_SLOT_KEY, slot);
  }
  ctx.observe('accepted', { slot, ballot, value });
  return true;
}

function raisePromise(state: ServerState, ctx: MultiPaxosContext, ballot: number): void {
  state.promised = ballot;
  ctx.durable.put(PROMISED_KEY, ballot);
}

/** A Nack to `to`: its ballot was passed by. */
export function nack(state: ServerState, ctx: MultiPaxosContext, to: NodeId, ballot: number): void {
  ctx.send(to, { type: 'Nack', ballot, promised: state.promised });
}
