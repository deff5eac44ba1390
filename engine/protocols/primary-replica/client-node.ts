import type { NodeContext, NodeId, Timer } from '../../kernel/protocol';
import { clientAnswer, clientInvoke, clientTimeout, initClient, type ClientOptions, type ClientResponse } from '../lib/client';
import type { PrimaryReplicaConfig } from './config';
import { SERVER_KIND, CLIENT_KIND, type ClientNodeState, type PrCommand, type PrMessage } from './types';

/**
 * A client node (engine/protocols/lib/client.ts does the requests, timeouts and retries): writes
 * go to the primary it knows (a replica redirects them), reads to a replica of its own or to the
 * primary, as `readFrom` says. With fencing it carries the highest epoch it has seen in every
 * request, so a server of an older epoch learns it is deposed; and it refuses a write's
 * acknowledgement from an epoch older than one it has seen (the client's half of fencing).
 */
type Ctx = NodeContext<PrMessage>;

export function clientOptions(config: PrimaryReplicaConfig): ClientOptions {
  return { serverKind: SERVER_KIND, timeoutUs: config.clientTimeoutUs, maxAttempts: 6 };
}

export function initClientNode(ctx: Ctx, config: PrimaryReplicaConfig): ClientNodeState {
  const servers = ctx.nodesOf(SERVER_KIND);
  const clients = ctx.nodesOf(CLIENT_KIND);
  const reader = initClient();
  // Each client reads from a replica of its own, spread round the replicas (the first server
  // starts as primary).
  if (servers.length > 1) reader.preferred = servers[1 + (clients.indexOf(ctx.self) % (servers.length - 1))]!;
  return { kind: 'client', config, epoch: 0, writer: initClient(), reader };
}

export function clientCommand(state: ClientNodeState, ctx: Ctx, command: PrCommand, opId: number): void {
  if (command.type !== 'read' && command.type !== 'write') return ctx.reply(opId, { ok: false, error: `a client sends reads and writes, not ${command.type}` });
  const sent = state.config.fencing ? { ...command, epoch: state.epoch } : command;
  const via = command.type === 'read' && state.config.readFrom === 'replica' ? state.reader : state.writer;
  clientInvoke(via, ctx, clientOptions(state.config), sent, opId);
}

export function clientMessage(state: ClientNodeState, ctx: Ctx, from: NodeId, msg: PrMessage): void {
  if (msg.type !== 'ClientResponse' && msg.type !== 'ClientRedirect') return;
  let answer: ClientResponse = msg;
  if (answer.type === 'ClientResponse') {
    const result = answer.result as { ok?: boolean; epoch?: unknown; index?: unknown };
    const epoch = typeof result?.epoch === 'number' ? result.epoch : 0;
    const isWriteAck = result?.ok === true && typeof result.index === 'number' && state.writer.pending[answer.opId] !== undefined;
    if (state.config.fencing && isWriteAck && epoch < state.epoch) {
      // An acknowledgement from a deposed primary: its write is not in the new epoch's history.
      ctx.observe('refused-ack', { from, epoch, known: state.epoch, opId: answer.opId });
      answer = { type: 'ClientResponse', opId: answer.opId, result: { ok: false, error: `acknowledged in epoch ${epoch}, older than ${state.epoch}`, epoch } };
    }
    if (epoch > state.epoch) state.epoch = epoch;
  }
  const via = state.writer.pending[answer.opId] !== undefined ? state.writer : state.reader;
  clientAnswer(via, ctx, clientOptions(state.config), from, answer);
}

export function clientTimer(state: ClientNodeState, ctx: Ctx, timer: Timer): void {
  const opId = (timer.data as { opId?: number } | undefined)?.opId;
  const via = opId !== undefined && state.writer.pending[opId] !== undefined ? state.writer : state.reader;
  clientTimeout(via, ctx, clientOptions(state.config), timer);
}

export function clientView(state: ClientNodeState) {
  const pending = [state.writer, state.reader].flatMap((c) =>
    Object.values(c.pending).map((p) => ({ opId: p.opId, command: p.command as PrCommand, server: p.server, attempt: p.attempt })),
  );
  pending.sort((a, b) => a.opId - b.opId);
  return { kind: 'client', epoch: state.epoch, primary: state.writer.preferred, replica: state.reader.preferred, pending };
}
