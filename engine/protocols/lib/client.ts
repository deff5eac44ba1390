import type { NodeContext, NodeId, ProtocolCommand, Timer, TimerId } from '../../kernel/protocol';
import type { Micros } from '../../kernel/time';

/**
 * A client node, for any protocol that serves requests: it turns the client operations it is
 * given (the workload's, or a user's command) into request messages to a server of a kind,
 * waits for the answer with a timeout, tries the next server when none comes, and completes the
 * operation with `ctx.reply` when an answer arrives. The client is a real node: its requests and
 * the answers cross the network, so they can be lost, delayed, cut and dropped like any message,
 * and the client's history (invoke, return, or no return) is what a real client would see.
 *
 * A protocol uses it from its handlers when `ctx.kind` is its client kind:
 *
 *     init:      state.client = initClient()
 *     onCommand: clientInvoke(state.client, ctx, options, command, opId)
 *     onMessage: if (clientAnswer(state.client, ctx, options, from, msg)) return
 *     onTimer:   if (clientTimeout(state.client, ctx, options, timer)) return
 *
 * and its servers answer a `ClientRequest` with `answerClient(ctx, from, request, result)`, or
 * with `redirectClient(ctx, from, request, leader)` when another server should take it (a
 * follower naming its leader). Its state is plain data, so it snapshots with the node.
 */

/** A request for one operation: what the client sends a server. */
export interface ClientRequest<C extends ProtocolCommand = ProtocolCommand> {
  readonly type: 'ClientRequest';
  /** The operation's id (the client's `opId`): an answer names it. */
  readonly opId: number;
  /** Which try this is (1 for the first): servers may ignore it; traces and tests read it. */
  readonly attempt: number;
  readonly command: C;
}

/** A server's answer: the result, or a hint to ask another server instead. */
export type ClientResponse =
  | { readonly type: 'ClientResponse'; readonly opId: number; readonly result: unknown }
  | { readonly type: 'ClientRedirect'; readonly opId: number; readonly to: NodeId | null };

export type ClientMessage = ClientRequest | ClientResponse;

export interface ClientOptions {
  /** The kind of node requests go to (a `ctx.nodesOf` kind). */
  readonly serverKind: string;
  /** How long to wait for an answer before trying the next server. */
  readonly timeoutUs: Micros;
  /** Tries per operation (the first included); then the operation fails with `{ ok: false }`. */
  readonly maxAttempts: number;
}

/** One operation in flight. */
interface Pending {
  opId: number;
  command: ProtocolCommand;
  attempt: number;
  server: NodeId;
  timer: TimerId;
}

/** The client's state: plain data (it lives in the protocol's node state). */
export interface ClientState {
  /** The server the next request goes to (the last one that answered, or a redirect's). */
  preferred: NodeId | null;
  /** Operations in flight, by opId. */
  pending: Record<string, Pending>;
}

export const CLIENT_TIMEOUT_TIMER = 'client-timeout';

export function initClient(): ClientState {
  return { preferred: null, pending: {} };
}

/** Starts operation `opId`: a request to the preferred server (the first of the kind at first). */
export function clientInvoke(state: ClientState, ctx: NodeContext, options: ClientOptions, command: ProtocolCommand, opId: number): void {
  const servers = ctx.nodesOf(options.serverKind);
  if (servers.length === 0) {
    ctx.reply(opId, { ok: false, error: `no ${options.serverKind} to ask` });
    return;
  }
  const server = state.preferred !== null && servers.includes(state.preferred) ? state.preferred : servers[0]!;
  send(state, ctx, options, { opId, command, attempt: 1, server, timer: -1 });
}

/**
 * Handles a server's answer or redirect. Returns true when `msg` was one (handled, or a late
 * answer to an operation already completed, which is dropped: each operation returns once).
 */
export function clientAnswer(state: ClientState, ctx: NodeContext, options: ClientOptions, from: NodeId, msg: { type: string }): boolean {
  if (msg.type !== 'ClientResponse' && msg.type !== 'ClientRedirect') return false;
  const answer = msg as ClientResponse;
  const pending = state.pending[answer.opId];
  if (!pending) return true;
  if (answer.type === 'ClientRedirect') {
    // Ask the server it names at once, without waiting for the timeout (a try all the same);
    // no name: the next server round the kind.
    if (from !== pending.server) return true; // a late redirect from an earlier try
    ctx.cancelTimer(pending.timer);
    const servers = ctx.nodesOf(options.serverKind);
    const named = answer.to !== null && answer.to !== from && servers.includes(answer.to);
    retry(state, ctx, options, pending, named ? answer.to! : nextAfter(servers, from));
    return true;
  }
  ctx.cancelTimer(pending.timer);
  delete state.pending[answer.opId];
  state.preferred = from;
  ctx.reply(answer.opId, answer.result);
  return true;
}

/**
 * Handles the timeout of a try: asks the next server of the kind (after the one that did not
 * answer), or fails the operation after `maxAttempts` tries. Returns true when `timer` was one.
 */
export function clientTimeout(state: ClientState, ctx: NodeContext, options: ClientOptions, timer: Timer): boolean {
  if (timer.name !== CLIENT_TIMEOUT_TIMER) return false;
  const { opId, attempt } = timer.data as { opId: number; attempt: number };
  const pending = state.pending[opId];
  // A timer of an earlier try (a redirect moved on) is stale: cancelled timers never fire, but
  // a restored snapshot may hold one.
  if (!pending || pending.attempt !== attempt) return true;
  retry(state, ctx, options, pending, nextAfter(ctx.nodesOf(options.serverKind), pending.server));
  return true;
}

/** The next try of `pending` at `server`, or the operation fails when its tries are used up. */
function retry(state: ClientState, ctx: NodeContext, options: ClientOptions, pending: Pending, server: NodeId): void {
  delete state.pending[pending.opId];
  if (pending.attempt >= options.maxAttempts) {
    ctx.reply(pending.opId, { ok: false, error: `no answer after ${pending.attempt} tries` });
    return;
  }
  state.preferred = server;
  send(state, ctx, options, { ...pending, attempt: pending.attempt + 1, server });
}

/** The server after `server` round the kind (the first when it is not one of them). */
function nextAfter(servers: readonly NodeId[], server: NodeId): NodeId {
  return servers[(servers.indexOf(server) + 1) % servers.length]!;
}

/** What a server sends back for a request it served. */
export function answerClient(ctx: NodeContext, client: NodeId, request: ClientRequest, result: unknown): void {
  const response: ClientResponse = { type: 'ClientResponse', opId: request.opId, result };
  ctx.send(client, response);
}

/** What a server sends back when another server should serve the request (`to`: null, unknown). */
export function redirectClient(ctx: NodeContext, client: NodeId, request: ClientRequest, to: NodeId | null): void {
  const redirect: ClientResponse = { type: 'ClientRedirect', opId: request.opId, to };
  ctx.send(client, redirect);
}

function send(state: ClientState, ctx: NodeContext, options: ClientOptions, p: Pending): void {
  const request: ClientRequest = { type: 'ClientRequest', opId: p.opId, attempt: p.attempt, command: p.command };
  ctx.send(p.server, request);
  const timer = ctx.setTimer(options.timeoutUs, CLIENT_TIMEOUT_TIMER, { opId: p.opId, attempt: p.attempt });
  state.pending[p.opId] = { ...p, timer };
}
