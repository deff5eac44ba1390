import type { NodeContext, NodeId } from '../../kernel/protocol';
import { redirectClient, type ClientRequest, type ClientResponse } from '../lib/client';
import { propose } from './leader';
import type { Command, MultiPaxosCommand, MultiPaxosContext, ServerState } from './types';

/**
 * The key-value store's requests at a server. The leader puts each read and write in the next
 * free slot (reads too, so a read sees every write chosen before it: linearizable without
 * leases) and answers once the slot is chosen and applied (learner.ts). A server that does not
 * lead redirects a client node to the leader it knows, or stays silent (the client's timeout is
 * its back-off); an operation invoked at a server that does not lead is refused at once.
 */

/** A key, when a command names one: a short name (a share link may carry anything). */
function problem(command: MultiPaxosCommand): string | null {
  if (command.type !== 'read' && command.type !== 'write') return `a client sends reads and writes, not ${String((command as { type: unknown }).type).slice(0, 40)}`;
  if (command.type === 'write' && !(typeof command.value === 'number' && Number.isFinite(command.value))) return 'write needs a numeric value';
  if (command.key !== undefined && !(typeof command.key === 'string' && /^[A-Za-z0-9_.-]{1,32}$/.test(command.key))) {
    return 'key must be 1 to 32 letters, digits, ".", "_" or "-"';
  }
  return null;
}

/** A request from a client node (`client`) or an operation invoked at this server (`client` null). */
export function serveRequest(state: ServerState, ctx: MultiPaxosContext, client: NodeId | null, opId: number, command: MultiPaxosCommand): void {
  const refused = problem(command);
  if (refused) return answer(ctx, client, opId, { ok: false, error: refused });
  if (state.role !== 'leader') {
    if (client === null) return ctx.reply(opId, { ok: false, error: state.leader === null ? 'no leader' : 'not leader' });
    if (state.leader !== null && state.leader !== state.self) {
      redirectClient(ctx as unknown as NodeContext, client, { type: 'ClientRequest', opId, attempt: 0, command }, state.leader);
    }
    return;
  }
  // A retry of an operation applied already gets the answer it had; one in flight waits for its slot.
  const done = state.results[opId];
  if (done !== undefined) return answer(ctx, client, opId, done);
  if (state.inFlight[opId] !== undefined) return;
  const op = command as Extract<MultiPaxosCommand, { type: 'read' | 'write' }>;
  const key = op.key ?? 'x';
  const value: Command = op.type === 'write' ? { kind: 'write', key, value: op.value, op: opId } : { kind: 'read', key, op: opId };
  const slot = state.nextSlot++;
  state.inFlight[opId] = slot;
  state.waiting[slot] = { opId, client };
  propose(state, ctx, slot, value);
}

export function serveClientNode(state: ServerState, ctx: MultiPaxosContext, from: NodeId, request: ClientRequest<MultiPaxosCommand>): void {
  if (request.type !== 'ClientRequest') return;
  serveRequest(state, ctx, from, request.opId, request.command);
}

/** Slot `slot` was applied with operation `op`'s result: answer whoever asked this leader. */
export function answerServed(state: ServerState, ctx: MultiPaxosContext, slot: number, op: number, result: unknown): void {
  const w = state.waiting[slot];
  if (!w) return;
  delete state.waiting[slot];
  if (w.opId === op) answer(ctx, w.client, op, result);
}

function answer(ctx: MultiPaxosContext, client: NodeId | null, opId: number, result: unknown): void {
  if (client === null) return ctx.reply(opId, result);
  const response: ClientResponse = { type: 'ClientResponse', opId, result };
  (ctx as unknown as NodeContext).send(client, response);
}
