import type { NodeContext } from '../../kernel/protocol';
import { newBreaker, record, tryAcquire, type Outcome, type Transition } from './breaker';
import { policyOf, type Route, type RoutePolicy, type Service } from './config';
import { leakAt, newLimiter, tryAdmit } from './limits';
import { backoffUs, budgetDeposit, budgetWithdraw, rejectionProbability, throttleCount } from './retry';
import type { Micros } from '../../kernel/time';
import { LATENCY_SAMPLES, STRIP_LENGTH, type Headers, type MeshMessage, type MeshState, type Origin, type RejectReason, type Request, type RouteState, type StripCode } from './types';

/**
 * The sidecar proxy of a calling node: every request this node makes on its route goes through
 * it. Per attempt, in order: pick a registered instance (round robin over the registry's last
 * word), adaptive throttling (may reject locally), the bulkhead (calls in flight), the rate
 * limiter, the circuit breaker, then the `Call` with a timeout. A failed or timed-out attempt is
 * retried after a backoff while attempts and the retry budget last; a request rejected locally
 * fails at once (retrying a rejection only spins).
 *
 * Routing, after the policies: ejected outliers are skipped; a request carrying the header of a
 * header route goes to its instances; otherwise the weighted split draws a version; the mirror's
 * shadow instances get no live call, only copies (fire and forget: their replies are counted
 * and discarded, and no policy of the route counts them). A leaky bucket comes before everything:
 * a call waits in it for its turn, then goes through the rest.
 *
 * The breaker is asked last so that a probe it permits in half-open always goes out and always
 * gets an outcome (a timeout at worst): half-open cannot wedge on permits that never called.
 */
type Ctx = NodeContext<MeshMessage>;

/** What the node does when a request of its own ends (the instance answers its caller; the client counts). */
export type RequestDone = (state: MeshState, ctx: Ctx, origin: Origin, ok: boolean) => void;

export function newRoute(route: Route, callee: Service, policy: RoutePolicy): RouteState {
  return {
    route,
    callee,
    endpoints: [],
    endpointsVersion: -1,
    next: 0,
    breaker: policy.breaker ? newBreaker(policy.breaker) : null,
    limiter: policy.rateLimit ? newLimiter(policy.rateLimit) : null,
    budget: policy.budget ? { requests: [], retries: [] } : null,
    throttle: policy.throttle ? { bucketStartUs: [], requests: [], accepts: [] } : null,
    inFlight: 0,
    strip: [],
    counts: { requests: 0, ok: 0, failed: 0, attempts: 0, okAttempts: 0, errors: 0, timeouts: 0, retries: 0, rejected: { breaker: 0, bulkhead: 0, rate: 0, throttle: 0, budget: 0, 'no-endpoint': 0, deadline: 0 } },
    latenciesUs: [],
    outliers: {},
    canaryPercent: policy.split?.canaryPercent ?? null,
    ...(policy.mirror ? { mirror: { sent: 0, ok: 0, failed: 0 } } : {}),
  };
}

/**
 * The callee's instances in the version a weighted split draws for this attempt: the canary's
 * (the callee's last `canaryInstances` instances by id) with probability canaryPercent%, the
 * stable ones otherwise; the other set when the drawn one has no instance left.
 */
function splitPool(ctx: Ctx, r: RouteState, p: RoutePolicy, pool: readonly number[]): readonly number[] {
  if (!p.split || r.canaryPercent === null) return pool;
  const canary = canaryOf(ctx, r, p);
  const toCanary = ctx.random.int(1, 100) <= r.canaryPercent;
  const chosen = pool.filter((id) => canary.includes(id) === toCanary);
  return chosen.length > 0 ? chosen : pool;
}

/** The callee's canary instances: its last `canaryInstances` by id. */
export function canaryOf(ctx: Ctx, r: RouteState, p: RoutePolicy): readonly number[] {
  return p.split ? lastOf(ctx, r, p.split.canaryInstances) : [];
}

/** The callee's last `n` instances by id (a canary, a header route's target, a mirror's shadow). */
function lastOf(ctx: Ctx, r: RouteState, n: number): readonly number[] {
  const all = ctx.nodesOf(r.callee);
  return all.slice(Math.max(0, all.length - n));
}

/** Keeps the instances in (or out of) `set`, unless that leaves none. */
function narrow(pool: readonly number[], set: readonly number[], inside: boolean): readonly number[] {
  const kept = pool.filter((id) => set.includes(id) === inside);
  return kept.length > 0 ? kept : pool;
}

function ejected(r: RouteState, id: number): boolean {
  return (r.outliers[id]?.ejectedUntilUs ?? null) !== null;
}

/** Envoy's consecutive-5xx detector, after an attempt's outcome on instance `to`. */
function detectOutlier(ctx: Ctx, r: RouteState, p: RoutePolicy, to: number, failed: boolean): void {
  const od = p.outlierDetection;
  if (!od) return;
  const o = (r.outliers[to] ??= { consecutive: 0, ejectedUntilUs: null, ejections: 0 });
  if (!failed) {
    o.consecutive = 0;
    return;
  }
  o.consecutive++;
  if (o.consecutive < od.consecutive5xx || o.ejectedUntilUs !== null) return;
  // At most maxEjectionPercent of the instances, and at least one, are out at once.
  const out = r.endpoints.filter((id) => ejected(r, id)).length;
  const allowed = Math.max(1, Math.floor((od.maxEjectionPercent * r.endpoints.length) / 100));
  if (out >= allowed) return;
  o.ejections++;
  o.consecutive = 0;
  const forUs = od.baseEjectionTimeUs * o.ejections;
  o.ejectedUntilUs = ctx.now() + forUs;
  ctx.observe('ejected', { route: r.route, instance: to, times: o.ejections, forMs: forUs / 1000, baseMs: od.baseEjectionTimeUs / 1000 });
}

/** The detector's sweep (Envoy's `interval`): instances whose ejection time is up come back. */
export function outlierSweep(state: MeshState, ctx: Ctx): void {
  const r = state.route;
  const od = r ? policy(state, r).outlierDetection : null;
  if (!r || !od) return;
  for (const [id, o] of Object.entries(r.outliers)) {
    if (o.ejectedUntilUs !== null && o.ejectedUntilUs <= ctx.now()) {
      o.ejectedUntilUs = null;
      ctx.observe('returned', { route: r.route, instance: Number(id), times: o.ejections });
    }
  }
  ctx.setTimer(od.intervalUs, 'outlier-sweep');
}

function policy(state: MeshState, r: RouteState): RoutePolicy {
  return policyOf(state.config, r.route);
}

function strip(r: RouteState, code: StripCode): void {
  r.strip.push(code);
  if (r.strip.length > STRIP_LENGTH) r.strip.shift();
}

function observeTransition(ctx: Ctx, r: RouteState, t: Transition | null): void {
  if (t) ctx.observe('breaker', { route: r.route, from: t.from, to: t.to, failureRate: t.failureRate, slowCallRate: t.slowCallRate });
}

/** Applies the registry's word on the callee's instances. */
export function onEndpoints(state: MeshState, ctx: Ctx, msg: Extract<MeshMessage, { type: 'Endpoints' }>): void {
  const r = state.route;
  if (!r || msg.service !== r.callee) return;
  const changed = msg.instances.length !== r.endpoints.length || msg.instances.some((id, i) => r.endpoints[i] !== id);
  r.endpoints = [...msg.instances];
  r.endpointsVersion = msg.version;
  if (changed) ctx.observe('endpoints', { route: r.route, instances: [...msg.instances] });
}

/**
 * A new request on the route. `deadlineUs` (deadline propagation only): the instant its origin
 * stops waiting, inherited from the call an instance works on, or a client's own.
 */
export function startRequest(state: MeshState, ctx: Ctx, origin: Origin, trace: string, done: RequestDone, headers?: Headers, deadlineUs?: Micros): void {
  const r = state.route!;
  const req: Request = { id: state.nextRequest++, origin, trace, startedAtUs: ctx.now(), attempts: 0, lastBackoffUs: 0 };
  if (headers) req.headers = headers;
  if (deadlineUs !== undefined) req.deadlineUs = deadlineUs;
  state.requests.push(req);
  r.counts.requests++;
  const p = policy(state, r);
  if (p.budget) budgetDeposit(r.budget!, p.budget, ctx.now());
  attempt(state, ctx, req, done);
}

/** Local rejections of an attempt that reached adaptive throttling: counted at their outcome (`countAt: "outcome"`), requests not accepted. */
const AFTER_THROTTLE: readonly RejectReason[] = ['throttle', 'bulkhead', 'rate', 'breaker'];

function reject(state: MeshState, ctx: Ctx, req: Request, reason: RejectReason, done: RequestDone): void {
  const r = state.route!;
  const p = policy(state, r);
  if (p.throttle?.atOutcome && AFTER_THROTTLE.includes(reason)) throttleCount(r.throttle!, p.throttle, ctx.now(), { request: true, accept: false });
  r.counts.rejected[reason]++;
  strip(r, 'rejected');
  ctx.metric(`rejected.${reason}`, 1);
  finish(state, ctx, req, false, done);
}

function attempt(state: MeshState, ctx: Ctx, req: Request, done: RequestDone, leaked = false): void {
  const r = state.route!;
  const p = policy(state, r);
  const now = ctx.now();
  const rl = p.rateLimit;
  if (rl?.algorithm === 'leaky-bucket' && !leaked) {
    // The shaper first: wait in the bucket for a turn (or spill), then go through the rest.
    const turn = leakAt(r.limiter!, rl, now);
    if (turn === null) {
      req.attempts++;
      return reject(state, ctx, req, 'rate', done);
    }
    if (turn > now) {
      ctx.setTimer(turn - now, 'leak', { request: req.id });
      return;
    }
  }
  req.attempts++;
  // gRPC fails a call whose deadline has passed at once (DEADLINE_EXCEEDED), without sending it.
  if (req.deadlineUs !== undefined && req.deadlineUs <= now) return reject(state, ctx, req, 'deadline', done);
  if (r.endpoints.length === 0) return reject(state, ctx, req, 'no-endpoint', done);
  if (p.throttle) {
    const drop = rejectionProbability(r.throttle!, p.throttle, now);
    if (!p.throttle.atOutcome) throttleCount(r.throttle!, p.throttle, now, { request: true, accept: false });
    if (drop > 0 && ctx.random.float() < drop) return reject(state, ctx, req, 'throttle', done);
  }
  if (p.bulkhead && r.inFlight >= p.bulkhead.maxConcurrentCalls) return reject(state, ctx, req, 'bulkhead', done);
  if (rl && rl.algorithm !== 'leaky-bucket' && !tryAdmit(r.limiter!, rl, now)) return reject(state, ctx, req, 'rate', done);
  let epoch: number | null = null;
  let probe = false;
  if (p.breaker) {
    const permit = tryAcquire(r.breaker!, p.breaker, now);
    observeTransition(ctx, r, permit.transition);
    if (!permit.permitted) return reject(state, ctx, req, 'breaker', done);
    epoch = r.breaker!.epoch;
    probe = permit.probe;
  }
  // Ejected outliers are skipped; if every instance is out, the whole set serves (Envoy's panic).
  const healthy = p.outlierDetection ? r.endpoints.filter((id) => !ejected(r, id)) : r.endpoints;
  let live: readonly number[] = healthy.length > 0 ? healthy : r.endpoints;
  const shadow = p.mirror ? lastOf(ctx, r, p.mirror.instances) : null;
  if (shadow) live = narrow(live, shadow, false);
  const hr = p.headerRoute;
  // A header route sends matching requests to its instances and, without a split, keeps the rest off them (Istio's default route).
  const tagged = hr !== null && req.headers?.[hr.header] === hr.value;
  const pool = hr && (tagged || !p.split) ? narrow(live, lastOf(ctx, r, hr.canaryInstances), tagged) : splitPool(ctx, r, p, live);
  const to = pool[r.next % pool.length]!;
  r.next = (r.next + 1) % pool.length;
  const callId = state.nextCallId++;
  // Deadline propagation: the call says when its caller stops waiting: the attempt's timeout, or the request's deadline if sooner.
  const deadlineUs = state.config.deadlines ? Math.min(req.deadlineUs ?? Infinity, now + p.timeoutUs) : undefined;
  const extras = {
    ...(state.tls?.cert ? { cert: state.tls.cert } : {}),
    ...(req.headers ? { headers: req.headers } : {}),
    ...(deadlineUs !== undefined ? { deadlineUs } : {}),
  };
  ctx.send(to, { type: 'Call', callId, route: r.route, attempt: req.attempts, ...(probe ? { probe: true as const } : {}), trace: req.trace, ...extras });
  if (shadow && p.mirror && ctx.random.int(1, 100) <= p.mirror.percent) {
    const targets = r.endpoints.filter((id) => shadow.includes(id));
    if (targets.length > 0) {
      const copy = targets[callId % targets.length]!;
      r.mirror!.sent++;
      ctx.send(copy, { type: 'Call', callId: state.nextCallId++, route: r.route, attempt: req.attempts, trace: req.trace, ...extras, mirror: true });
    }
  }
  const timer = ctx.setTimer(deadlineUs === undefined ? p.timeoutUs : deadlineUs - now, 'timeout', { callId });
  state.attempts.push({ callId, request: req.id, to, sentAtUs: now, timer, epoch });
  r.inFlight++;
  r.counts.attempts++;
}

function outcome(failed: boolean, durationUs: number, p: RoutePolicy): Outcome {
  const slow = p.breaker !== null && durationUs >= p.breaker.slowCallDurationThresholdUs;
  return ((failed ? 1 : 0) | (slow ? 2 : 0)) as Outcome;
}

function settle(state: MeshState, ctx: Ctx, callId: number, code: 'ok' | 'fail' | 'timeout', done: RequestDone): void {
  const i = state.attempts.findIndex((a) => a.callId === callId);
  if (i < 0) return; // a late answer: its attempt already timed out
  const a = state.attempts[i]!;
  state.attempts.splice(i, 1);
  const r = state.route!;
  const p = policy(state, r);
  const now = ctx.now();
  if (code !== 'timeout') ctx.cancelTimer(a.timer);
  r.inFlight--;
  strip(r, code);
  if (code === 'ok') r.counts.okAttempts++;
  else if (code === 'fail') r.counts.errors++;
  else r.counts.timeouts++;
  if (p.breaker && a.epoch !== null) observeTransition(ctx, r, record(r.breaker!, p.breaker, a.epoch, outcome(code !== 'ok', now - a.sentAtUs, p), now));
  if (p.throttle?.atOutcome) throttleCount(r.throttle!, p.throttle, now, { request: true, accept: code === 'ok' });
  else if (p.throttle && code === 'ok') throttleCount(r.throttle!, p.throttle, now, { request: false, accept: true });
  detectOutlier(ctx, r, p, a.to, code !== 'ok');
  const req = state.requests.find((q) => q.id === a.request);
  if (!req) return;
  if (code === 'ok') return finish(state, ctx, req, true, done);
  if (!p.retry || req.attempts >= p.retry.maxAttempts) return finish(state, ctx, req, false, done);
  // Past its deadline nobody waits for it any more: no retry (and nothing taken from the budget).
  if (req.deadlineUs !== undefined && req.deadlineUs <= now) return finish(state, ctx, req, false, done);
  if (p.budget && !budgetWithdraw(r.budget!, p.budget, now)) {
    r.counts.rejected.budget++;
    ctx.metric('rejected.budget', 1);
    return finish(state, ctx, req, false, done);
  }
  req.lastBackoffUs = backoffUs(p.retry, req.attempts, req.lastBackoffUs, ctx.random);
  r.counts.retries++;
  ctx.setTimer(req.lastBackoffUs, 'retry', { request: req.id });
}

export function onReply(state: MeshState, ctx: Ctx, msg: Extract<MeshMessage, { type: 'Reply' }>, done: RequestDone): void {
  if (msg.mirror) {
    // A mirrored copy's answer: counted, never seen by the request.
    const m = state.route!.mirror;
    if (m) m[msg.status === 'ok' ? 'ok' : 'failed']++;
    return;
  }
  settle(state, ctx, msg.callId, msg.status === 'ok' ? 'ok' : 'fail', done);
}

export function onTimeout(state: MeshState, ctx: Ctx, callId: number, done: RequestDone): void {
  settle(state, ctx, callId, 'timeout', done);
}

export function onRetry(state: MeshState, ctx: Ctx, requestId: number, done: RequestDone): void {
  const req = state.requests.find((q) => q.id === requestId);
  if (req) attempt(state, ctx, req, done);
}

/** A call's turn in the leaky bucket has come: it goes through the other policies now. */
export function onLeak(state: MeshState, ctx: Ctx, requestId: number, done: RequestDone): void {
  const req = state.requests.find((q) => q.id === requestId);
  if (req) attempt(state, ctx, req, done, true);
}

function finish(state: MeshState, ctx: Ctx, req: Request, ok: boolean, done: RequestDone): void {
  const r = state.route!;
  state.requests.splice(state.requests.indexOf(req), 1);
  const tookUs = ctx.now() - req.startedAtUs;
  if (ok) {
    r.counts.ok++;
    r.latenciesUs.push(tookUs);
    if (r.latenciesUs.length > LATENCY_SAMPLES) r.latenciesUs.shift();
  } else r.counts.failed++;
  // The clients' own metrics are the end-to-end ones (goodput, p99); the others are a hop's.
  // A stranger's requests are counted apart: they are not the mesh's goodput.
  const client = req.origin.kind === 'client';
  const who = state.kind === 'stranger' ? 'stranger' : client ? 'client' : 'request';
  ctx.metric(`${who}${ok ? 'OkMs' : 'FailedMs'}`, tookUs / 1000);
  done(state, ctx, req.origin, ok);
}
