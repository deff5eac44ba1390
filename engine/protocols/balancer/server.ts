import type { NodeContext, NodeId } from '../../kernel/protocol';
import type { BalancerConfig } from './config';
import type { BalancerMessage, Forward, Job, ServerState } from './types';

/**
 * A server: `workers` requests in service at once, the rest wait in a FIFO queue of at most
 * `queueLimit` (past it the server sheds: it answers at once that it is overloaded). A service
 * time is drawn from an exponential distribution of the configured mean (times the slow factor
 * while slow) from the server's own stream: the M/M/c queue every queueing text starts from.
 * It reports its queue length as the metric `queue` whenever it changes.
 */
export const SERVICE_TIMER = 'service';
/** Requests a server remembers the time of, for its p99 in the page. */
const RECENT = 50;

export function initServer(ctx: NodeContext<BalancerMessage>, config: BalancerConfig): ServerState {
  return {
    role: 'server',
    config,
    slowFactor: config.slowServers.includes(ctx.self) ? config.slowFactor : 1,
    queue: [],
    busy: Array.from({ length: config.workers }, () => null),
    served: 0,
    shed: 0,
    recentUs: [],
  };
}

export function onForward(s: ServerState, ctx: NodeContext<BalancerMessage>, from: NodeId, msg: Forward): void {
  const job: Job = { balancer: from, epoch: msg.epoch, seq: msg.seq, arrivedUs: ctx.now() };
  const idle = s.busy.indexOf(null);
  if (idle >= 0) return startService(s, ctx, idle, job);
  if (s.config.queueLimit > 0 && s.queue.length >= s.config.queueLimit) {
    s.shed++;
    ctx.send(from, { type: 'Reply', epoch: msg.epoch, seq: msg.seq, ok: false });
    return;
  }
  s.queue.push(job);
  ctx.metric('queue', s.queue.length);
}

export function onServiceDone(s: ServerState, ctx: NodeContext<BalancerMessage>, slot: number): void {
  const job = s.busy[slot];
  if (!job) return;
  s.busy[slot] = null;
  s.served++;
  s.recentUs.push(ctx.now() - job.arrivedUs);
  if (s.recentUs.length > RECENT) s.recentUs.shift();
  ctx.send(job.balancer, { type: 'Reply', epoch: job.epoch, seq: job.seq, ok: true });
  const next = s.queue.shift();
  if (next) {
    ctx.metric('queue', s.queue.length);
    startService(s, ctx, slot, next);
  }
}

function startService(s: ServerState, ctx: NodeContext<BalancerMessage>, slot: number, job: Job): void {
  s.busy[slot] = job;
  ctx.setTimer(serviceTime(s, ctx), SERVICE_TIMER, { slot });
}

/** Exponential with the configured mean, at least 0.1 ms and at most 20 means (no endless request). */
function serviceTime(s: ServerState, ctx: NodeContext<BalancerMessage>): number {
  const mean = s.config.serviceUs * s.slowFactor;
  const u = ctx.random.float();
  return Math.round(Math.min(Math.max(-Math.log(1 - u) * mean, 100), 20 * mean));
}

/** The user's commands: slow (by the factor given or the config's), normal. */
export function setSlow(s: ServerState, factor: number | null): void {
  s.slowFactor = factor ?? 1;
}
