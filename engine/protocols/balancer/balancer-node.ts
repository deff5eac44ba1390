import type { NodeContext, NodeId } from '../../kernel/protocol';
import { answerClient, type ClientRequest } from '../lib/client';
import { pickServer } from './algorithms';
import { algorithmOf, serversOf, type BalancerConfig } from './config';
import { freshEwma, observeRtt } from './peak-ewma';
import { percentile } from './percentiles';
import type { BalancerMessage, BalancerNodeState, Reply } from './types';

/**
 * A balancer: it takes a client's request, picks a server with its algorithm (algorithms.ts),
 * forwards the request and relays the server's reply. It counts forwards in flight per server
 * (what least outstanding and two choices compare), learns each server's round-trip time
 * (peak EWMA), gives up on a forward after `forwardTimeoutUs` (the client hears "timeout") and,
 * with ejection on, takes a server out for a while after failures in a row (Envoy's outlier
 * detection), observing `eject` and `readmit`. Its latencies, from the request's arrival to its
 * answer, make a series of percentiles every `bucketUs`, each over the last four buckets (the page's chart).
 */
export const FORWARD_TIMER = 'forward-timeout';
export const TICK_TIMER = 'tick';
const SERIES_LENGTH = 120;
const WINDOW_BUCKETS = 4;

export function initBalancerNode(ctx: NodeContext<BalancerMessage>, config: BalancerConfig): BalancerNodeState {
  const epoch = (ctx.durable.get<number>('epoch') ?? 0) + 1;
  ctx.durable.put('epoch', epoch);
  const servers = serversOf(config, ctx.nodesOf('server'), ctx.nodesOf('balancer'), ctx.self);
  const s: BalancerNodeState = {
    role: 'balancer',
    config,
    algorithm: algorithmOf(config, ctx.nodesOf('balancer'), ctx.self),
    epoch,
    nextSeq: 0,
    servers,
    outstanding: Object.fromEntries(servers.map((id) => [id, 0])),
    failures: {},
    ejectedUntil: {},
    ewma: {},
    cursor: 0,
    inFlight: {},
    serving: {},
    bucket: { startUs: ctx.now(), latenciesUs: [], errors: 0 },
    recent: [],
    series: [],
    totals: { requests: 0, ok: 0, errors: 0, timeouts: 0, shed: 0, noServer: 0 },
    routed: {},
  };
  ctx.setTimer(config.bucketUs, TICK_TIMER);
  return s;
}

export function onClientRequest(s: BalancerNodeState, ctx: NodeContext<BalancerMessage>, from: NodeId, msg: ClientRequest): void {
  const id = `${from}:${msg.opId}`;
  // A duplicate of a request being served is the same request: forward it once.
  if (s.serving[id]) return;
  s.totals.requests++;
  const key = typeof msg.command?.key === 'string' ? msg.command.key : '';
  const server = pickServer(s, ctx, key);
  if (server === null) {
    s.totals.noServer++;
    s.totals.errors++;
    s.bucket.errors++;
    answerClient(ctx, from, msg, { ok: false, error: 'no server to send to' });
    return;
  }
  const seq = ++s.nextSeq;
  s.serving[id] = true;
  s.outstanding[server] = (s.outstanding[server] ?? 0) + 1;
  s.routed[server] = (s.routed[server] ?? 0) + 1;
  ctx.send(server, { type: 'Forward', epoch: s.epoch, seq, key });
  const timer = ctx.setTimer(s.config.forwardTimeoutUs, FORWARD_TIMER, { seq });
  s.inFlight[seq] = { client: from, opId: msg.opId, server, sentUs: ctx.now(), timer };
}

export function onReply(s: BalancerNodeState, ctx: NodeContext<BalancerMessage>, from: NodeId, msg: Reply): void {
  const f = s.inFlight[msg.seq];
  // A reply to an earlier life, to a forward already timed out, or from the wrong server: late, dropped.
  if (msg.epoch !== s.epoch || !f || f.server !== from) return;
  ctx.cancelTimer(f.timer);
  finish(s, ctx, msg.seq, msg.ok ? 'ok' : 'shed');
}

export function onForwardTimeout(s: BalancerNodeState, ctx: NodeContext<BalancerMessage>, seq: number): void {
  if (s.inFlight[seq]) finish(s, ctx, seq, 'timeout');
}

function finish(s: BalancerNodeState, ctx: NodeContext<BalancerMessage>, seq: number, outcome: 'ok' | 'shed' | 'timeout'): void {
  const f = s.inFlight[seq]!;
  delete s.inFlight[seq];
  delete s.serving[`${f.client}:${f.opId}`];
  s.outstanding[f.server] = Math.max(0, (s.outstanding[f.server] ?? 0) - 1);
  const rttUs = ctx.now() - f.sentUs;
  const ewma = (s.ewma[f.server] ??= freshEwma(s.config.ewmaDefaultRttUs, f.sentUs));
  // A timeout is a sample of at least the timeout: peak EWMA learns a dead server is slow.
  observeRtt(ewma, rttUs, ctx.now(), s.config.ewmaDecayUs);
  // Errors count in the latencies too: a timeout is what the client waited.
  s.bucket.latenciesUs.push(rttUs);
  if (outcome === 'ok') {
    s.totals.ok++;
    s.failures[f.server] = 0;
    answerClient(ctx, f.client, { type: 'ClientRequest', opId: f.opId, attempt: 1, command: { type: 'request' } }, { ok: true, server: ctx.nameOf(f.server) });
    return;
  }
  s.totals.errors++;
  s.bucket.errors++;
  if (outcome === 'timeout') s.totals.timeouts++;
  else s.totals.shed++;
  answerClient(ctx, f.client, { type: 'ClientRequest', opId: f.opId, attempt: 1, command: { type: 'request' } }, {
    ok: false,
    server: ctx.nameOf(f.server),
    error: outcome === 'timeout' ? 'timeout' : 'overloaded',
  });
  const failures = (s.failures[f.server] ?? 0) + 1;
  s.failures[f.server] = failures;
  if (s.config.ejectAfterFailures > 0 && failures >= s.config.ejectAfterFailures && !(String(f.server) in s.ejectedUntil)) {
    s.ejectedUntil[f.server] = ctx.now() + s.config.ejectUs;
    s.failures[f.server] = 0;
    ctx.observe('eject', { server: f.server, untilUs: s.ejectedUntil[f.server]! });
  }
}

/** Every bucket: close the latency bucket, readmit servers whose ejection ran out. */
export function onTick(s: BalancerNodeState, ctx: NodeContext<BalancerMessage>): void {
  const b = s.bucket;
  // Each point covers the last WINDOW_BUCKETS buckets: a p99 of one bucket's dozen requests is its maximum, too jumpy to read.
  s.recent.push({ latenciesUs: b.latenciesUs, errors: b.errors });
  if (s.recent.length > WINDOW_BUCKETS) s.recent.shift();
  const lat = s.recent.flatMap((r) => r.latenciesUs);
  const errors = s.recent.reduce((sum, r) => sum + r.errors, 0);
  s.series.push({ atUs: ctx.now(), count: lat.length, errors, p50Us: percentile(lat, 50), p95Us: percentile(lat, 95), p99Us: percentile(lat, 99) });
  if (s.series.length > SERIES_LENGTH) s.series.splice(0, s.series.length - SERIES_LENGTH);
  s.bucket = { startUs: ctx.now(), latenciesUs: [], errors: 0 };
  for (const [server, until] of Object.entries(s.ejectedUntil)) {
    if (until <= ctx.now()) {
      delete s.ejectedUntil[server];
      ctx.observe('readmit', { server: Number(server) });
    }
  }
  ctx.setTimer(s.config.bucketUs, TICK_TIMER);
}
