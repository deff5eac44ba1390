import type { Protocol, Timer } from '../../kernel/protocol';
import { onClientRequest, onForwardTimeout, onReply, onTick, initBalancerNode, FORWARD_TIMER, TICK_TIMER } from './balancer-node';
import { clientCommand, clientMessage, clientTimer, initClientNode } from './client-node';
import { ALGORITHM_TITLES, checkBalancerScenario, configureBalancer, keyName, type BalancerConfig } from './config';
import { balancerMonitors } from './monitor';
import { percentile } from './percentiles';
import { initServer, onForward, onServiceDone, setSlow, SERVICE_TIMER } from './server';
import type { BalancerCommand, BalancerMessage, BalancerState } from './types';

/**
 * Load balancing (README.md): clients send requests to a balancer, which forwards each to a
 * server it picks with its algorithm; servers queue and serve them. Every request, forward,
 * reply and response is a message. Several balancers, each with its own algorithm and its own
 * clients, share the same servers, so algorithms are compared in one run under the same faults.
 */
export const balancer: Protocol<BalancerState, BalancerMessage, BalancerCommand, BalancerConfig> = {
  name: 'balancer',
  title: 'Load balancer',
  topology: {
    main: 'server',
    kinds: {
      server: { prefix: 'S', title: 'Server' },
      balancer: { prefix: 'B', title: 'Balancer', defaultCount: 2 },
      client: { prefix: 'C', title: 'Client', defaultCount: 4 },
    },
  },
  configure: configureBalancer,
  checkScenario: checkBalancerScenario,

  init(ctx, config) {
    if (ctx.kind === 'balancer') return initBalancerNode(ctx, config);
    if (ctx.kind === 'client') return initClientNode(ctx, config);
    return initServer(ctx, config);
  },

  onMessage(s, ctx, from, msg) {
    if (s.role === 'client') return clientMessage(s, ctx, from, msg);
    if (s.role === 'balancer') {
      if (msg.type === 'ClientRequest') onClientRequest(s, ctx, from, msg);
      else if (msg.type === 'Reply') onReply(s, ctx, from, msg);
      return;
    }
    if (msg.type === 'Forward') onForward(s, ctx, from, msg);
  },

  onTimer(s, ctx, timer: Timer) {
    if (s.role === 'client') return clientTimer(s, ctx, timer);
    if (s.role === 'balancer') {
      if (timer.name === FORWARD_TIMER) onForwardTimeout(s, ctx, (timer.data as { seq: number }).seq);
      else if (timer.name === TICK_TIMER) onTick(s, ctx);
      return;
    }
    if (timer.name === SERVICE_TIMER) onServiceDone(s, ctx, (timer.data as { slot: number }).slot);
  },

  onCommand(s, ctx, command, opId) {
    if (s.role === 'client') return clientCommand(s, ctx, command, opId);
    if (s.role === 'server' && (command.type === 'slow' || command.type === 'normal')) {
      const factor = command.type === 'slow' && typeof command.factor === 'number' && command.factor >= 1 && command.factor <= 1000 ? command.factor : s.config.slowFactor;
      setSlow(s, command.type === 'slow' ? factor : null);
      ctx.observe(command.type === 'slow' ? 'slow' : 'normal', { factor: s.slowFactor });
      ctx.reply(opId, { ok: true, slowFactor: s.slowFactor });
      return;
    }
    ctx.reply(opId, { ok: false, error: `a ${s.role} does not take "${String(command.type).slice(0, 20)}"` });
  },

  view(s) {
    if (s.role === 'server') {
      return {
        role: 'server',
        slowFactor: s.slowFactor,
        queue: s.queue.length,
        queueLimit: s.config.queueLimit,
        busy: s.busy.filter((j) => j !== null).length,
        workers: s.config.workers,
        served: s.served,
        shed: s.shed,
        p99Us: percentile(s.recentUs, 99),
      };
    }
    if (s.role === 'client') {
      return { role: 'client', balancer: s.balancer, pending: Object.keys(s.client.pending).length, extraPerSecond: s.extraPerSecond, extraSent: s.extraSent, extraAnswered: s.extraAnswered };
    }
    const last = s.series.at(-1);
    return {
      role: 'balancer',
      algorithm: s.algorithm,
      algorithmTitle: ALGORITHM_TITLES[s.algorithm],
      outstanding: s.outstanding,
      ejected: Object.keys(s.ejectedUntil).map(Number),
      ewmaUs: Object.fromEntries(Object.entries(s.ewma).map(([k, e]) => [k, Math.round(e.costUs)])),
      inFlight: Object.keys(s.inFlight).length,
      series: s.series,
      lastP99Us: last?.p99Us ?? null,
      recentP99Us: last?.p99Us ?? null,
      totals: s.totals,
      routed: s.routed,
    };
  },

  monitors(config, nodeCount, run) {
    return balancerMonitors(config, nodeCount, run.topology);
  },

  workload(config) {
    return {
      intervalUs: config.intervalUs,
      target: 'client',
      makeCommand: (_n, random): BalancerCommand => ({ type: 'request', key: keyName(random.int(0, config.keys - 1)) }),
    };
  },
};
