import type { NodeContext, NodeId, Timer } from '../../kernel/protocol';
import { clientAnswer, clientInvoke, clientTimeout, initClient, type ClientOptions, type ClientRequest } from '../lib/client';
import { balancerOfClient, type BalancerConfig } from './config';
import type { BalancerCommand, ClientNodeState } from './types';

/**
 * A client: the generic client (lib/client.ts) aimed at one balancer, the one it is dealt
 * (config.ts `balancerOfClient`), with one try per operation, so each balancer's latencies are
 * its own algorithm's. Besides the workload, the user can add load: `extraPerSecond` requests a
 * second of its own (negative ids, never a client operation of the history), evenly spaced.
 */
export const EXTRA_TIMER = 'extra-load';

export function clientOptions(config: BalancerConfig): ClientOptions {
  return { serverKind: 'balancer', timeoutUs: config.clientTimeoutUs, maxAttempts: 1 };
}

export function initClientNode(ctx: NodeContext, config: BalancerConfig): ClientNodeState {
  const balancer = balancerOfClient(ctx.nodesOf('client'), ctx.nodesOf('balancer'), ctx.self);
  const client = initClient();
  client.preferred = balancer;
  return { role: 'client', config, balancer, client, extraPerSecond: 0, extraTimer: null, nextExtra: 0, extraSent: 0, extraAnswered: 0 };
}

export function clientCommand(s: ClientNodeState, ctx: NodeContext, command: BalancerCommand, opId: number): void {
  if (command.type === 'load') {
    const rate = Number.isFinite(command.perSecond) ? Math.min(Math.max(Math.round(command.perSecond), 0), 1000) : 0;
    s.extraPerSecond = rate;
    if (s.extraTimer !== null) ctx.cancelTimer(s.extraTimer);
    s.extraTimer = rate > 0 ? ctx.setTimer(Math.round(1_000_000 / rate), EXTRA_TIMER) : null;
    ctx.reply(opId, { ok: true, extraPerSecond: rate });
    return;
  }
  if (command.type !== 'request') {
    ctx.reply(opId, { ok: false, error: `a client takes requests and load, not ${String(command.type).slice(0, 20)}` });
    return;
  }
  if (s.balancer === null) {
    ctx.reply(opId, { ok: false, error: 'no balancer' });
    return;
  }
  s.client.preferred = s.balancer;
  clientInvoke(s.client, ctx, clientOptions(s.config), command, opId);
}

export function clientMessage(s: ClientNodeState, ctx: NodeContext, from: NodeId, msg: { type: string }): void {
  if (msg.type === 'ClientResponse' && (msg as unknown as { opId: number }).opId < 0) {
    s.extraAnswered++;
    return;
  }
  clientAnswer(s.client, ctx, clientOptions(s.config), from, msg);
}

export function clientTimer(s: ClientNodeState, ctx: NodeContext, timer: Timer): void {
  if (timer.name === EXTRA_TIMER) {
    if (s.balancer !== null && s.extraPerSecond > 0) {
      const key = `user:${ctx.random.int(1, s.config.keys)}`;
      const request: ClientRequest = { type: 'ClientRequest', opId: -(++s.nextExtra), attempt: 1, command: { type: 'request', key } };
      ctx.send(s.balancer, request);
      s.extraSent++;
      s.extraTimer = ctx.setTimer(Math.round(1_000_000 / s.extraPerSecond), EXTRA_TIMER);
    }
    return;
  }
  clientTimeout(s.client, ctx, clientOptions(s.config), timer);
}
