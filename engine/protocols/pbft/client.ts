import type { NodeContext, NodeId } from '../../kernel/protocol';
import type { PbftConfig } from './config';
import { requestDigest } from './digest';
import type { ClientState, PbftMessage, PbftOp, PbftResult } from './types';

type Ctx = NodeContext<PbftMessage>;

export const CLIENT_TIMER = 'client-retry';

/**
 * A PBFT client (§4.1): it sends ⟨REQUEST, o, t, c⟩ to the primary it believes in, and accepts a
 * result once f + 1 replies from different replicas carry the same t and the same result: at
 * least one of them is correct. If they do not come in time it broadcasts the request to every
 * replica, which is what makes the backups' timers run against a faulty primary (§4.4). One
 * request at a time (the paper's clients wait for each reply); later operations queue.
 */
export function initClient(ctx: Ctx, config: PbftConfig, replicas: NodeId[], f: number): ClientState {
  return { role: 'client', config, replicas, f, view: 0, t: ctx.durable.get<number>('t') ?? 0, pending: null, queue: [], timer: null };
}

export function clientCommand(s: ClientState, ctx: Ctx, config: PbftConfig, op: PbftOp, opId: number): void {
  s.queue.push({ op, opId });
  if (s.pending === null) sendNext(s, ctx, config);
}

function sendNext(s: ClientState, ctx: Ctx, config: PbftConfig): void {
  const next = s.queue.shift();
  if (!next) return;
  s.t += 1;
  ctx.durable.put('t', s.t);
  s.pending = { t: s.t, op: next.op, opId: next.opId, sentAt: ctx.now(), replies: {}, broadcast: false };
  ctx.send(s.replicas[s.view % s.replicas.length]!, { type: 'Request', t: s.t, op: next.op });
  s.timer = ctx.setTimer(config.clientTimeoutUs, CLIENT_TIMER, { t: s.t });
}

export function clientReply(s: ClientState, ctx: Ctx, config: PbftConfig, from: NodeId, msg: Extract<PbftMessage, { type: 'Reply' }>): void {
  const p = s.pending;
  if (!p || msg.t !== p.t || !s.replicas.includes(from)) return;
  p.replies[from] = JSON.stringify(msg.result);
  // The view of a reply tells the client who the primary is now (a faulty replica may lie; the
  // worst it does is send the next request to a backup, whose timer then runs).
  if (msg.view > s.view) s.view = msg.view;
  const repliers = Object.keys(p.replies)
    .map(Number)
    .filter((r) => p.replies[r] === p.replies[from]);
  if (repliers.length < s.f + 1) return;
  const result = msg.result as PbftResult;
  ctx.observe('accepted', { t: p.t, digest: requestDigest(ctx.self, p.t), result: { ...result }, repliers: repliers.sort((a, b) => a - b) });
  ctx.metric('latencyMs', (ctx.now() - p.sentAt) / 1000);
  if (s.timer !== null) ctx.cancelTimer(s.timer);
  s.timer = null;
  s.pending = null;
  ctx.reply(p.opId, result);
  sendNext(s, ctx, config);
}

/** No f + 1 matching replies in time: broadcast the request to every replica (§4.1). */
export function clientTimeout(s: ClientState, ctx: Ctx, config: PbftConfig, data: { t: number }): void {
  s.timer = null;
  const p = s.pending;
  if (!p || p.t !== data.t) return;
  p.broadcast = true;
  ctx.observe('broadcast', { t: p.t, digest: requestDigest(ctx.self, p.t) });
  for (const r of s.replicas) ctx.send(r, { type: 'Request', t: p.t, op: p.op });
  s.timer = ctx.setTimer(config.clientTimeoutUs, CLIENT_TIMER, { t: p.t });
}
