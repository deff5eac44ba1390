import type { NodeContext, NodeId, Timer } from '../../kernel/protocol';
import { clientAnswer, clientInvoke, clientTimeout, initClient, type ClientOptions, type ClientState } from '../lib/client';
import type { RaftConfig } from './config';
import type { RaftCommand } from './types';

/**
 * A client node of Raft's key-value store (§8; thesis §6.2): the workload's reads and writes
 * arrive here, and the client sends each as a request to the server it believes leads. A
 * follower redirects it to the leader it knows; the leader answers a write once it commits and a
 * read after its ReadIndex round; with no answer in time the client tries the next server. The
 * operation returns here (`ctx.reply`), so the history the checker judges is what the clients
 * saw: invoked at the client, returned at the client, with every network fault in between.
 *
 * The request/timeout/retry machinery is the generic helper (engine/protocols/lib/client.ts);
 * this file only picks Raft's servers and its timeout.
 */

export const CLIENT_KIND = 'client';
export const SERVER_KIND = 'server';

/** A client node's whole state (plain data). */
export interface RaftClientState {
  readonly kind: 'client';
  readonly config: RaftConfig;
  client: ClientState;
}

/**
 * A try waits one maximal election timeout: long enough for a commit (a round trip) and a
 * ReadIndex round, short enough that a crashed leader costs a client about one election. Tries
 * include redirects, so a client that is sent round a few followers still has tries left.
 */
export function clientOptions(config: RaftConfig): ClientOptions {
  return { serverKind: SERVER_KIND, timeoutUs: config.electionTimeoutMaxUs, maxAttempts: 10 };
}

export function initClientNode(config: RaftConfig): RaftClientState {
  return { kind: 'client', config, client: initClient() };
}

export function clientCommand(state: RaftClientState, ctx: NodeContext, config: RaftConfig, command: RaftCommand, opId: number): void {
  if (command.type !== 'read' && command.type !== 'write') {
    return ctx.reply(opId, { ok: false, error: `a client sends reads and writes, not ${command.type}` });
  }
  clientInvoke(state.client, ctx, clientOptions(config), command, opId);
}

export function clientMessage(state: RaftClientState, ctx: NodeContext, config: RaftConfig, from: NodeId, msg: { type: string }): void {
  clientAnswer(state.client, ctx, clientOptions(config), from, msg);
}

export function clientTimer(state: RaftClientState, ctx: NodeContext, config: RaftConfig, timer: Timer): void {
  clientTimeout(state.client, ctx, clientOptions(config), timer);
}

/** What the page shows of a client: the operations it waits on, where, and which try. */
export type RaftClientView = {
  kind: 'client';
  preferred: NodeId | null;
  pending: { opId: number; command: RaftCommand; server: NodeId; attempt: number }[];
};

export function clientView(state: RaftClientState): RaftClientView {
  const pending = Object.values(state.client.pending)
    .map((p) => ({ opId: p.opId, command: p.command as RaftCommand, server: p.server, attempt: p.attempt }))
    .sort((a, b) => a.opId - b.opId);
  return { kind: 'client', preferred: state.client.preferred, pending };
}
