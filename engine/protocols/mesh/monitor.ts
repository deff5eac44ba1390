import type { Monitor, Violation } from '../../kernel/protocol';
import { sometimesResult } from '../../kernel/sometimes';
import { kindOf, nodeName, nodesOf, topologySizeOf, type TopologyLayout } from '../../kernel/topology';
import type { MessageId, TraceEvent } from '../../kernel/trace';
import { isService, policyOf, routeOf, ROUTES, type Caller, type MeshConfig, type Route, type RoutePolicy } from './config';
import { leakIntervalUs } from './limits';
import type { Cert, MtlsMode } from './mtls';
import type { MeshMessage } from './types';

/**
 * The mesh's invariants, checked on every event from the messages themselves (the monitor keeps
 * its own account; it never asks a node what its breaker thinks, except through the breaker's
 * traced transitions):
 *
 * - **An open breaker lets nothing through**: no `Call` leaves a route whose breaker is open; in
 *   half-open only probes leave, at most `permittedNumberOfCallsInHalfOpenState` of them.
 * - **The bulkhead holds**: a route never has more than `maxConcurrentCalls` attempts in flight
 *   (sent, not answered, not timed out).
 * - **The rate limit holds**, checked against a dumb count: token bucket, at most burst + rate·t
 *   calls in any window of length t; fixed window, at most `limit` per aligned window; sliding
 *   window, at most `limit` in any span of its length.
 * - **Calls go to registered instances**: the callee is in the caller's last word from the registry.
 * - **The registry lists live leases only**: an instance it lists heartbeated within ttl + one sweep.
 * - **Ejected instances get no calls** while others are in the pool, and **outlier detection
 *   ejects at most its share** (maxEjectionPercent of the instances, at least one).
 * - **Replies answer calls**.
 * - mTLS: **strict mTLS accepts no call without a valid certificate**: a call delivered to an
 *   instance in strict mode is answered `refused` unless, at that virtual instant, the caller's
 *   certificate names the caller, was issued by the CA (seen on the wire) and has not expired,
 *   and the callee's own certificate (the last the CA delivered to it) has not expired either;
 *   **mTLS refuses only what it must**: a call with both certificates valid, or any call in
 *   permissive mode, is never refused.
 * - **Header routes hold**: a call carrying a header route's header goes to its instances while
 *   one of them can serve (and, on a route without a split, a call without it to the others); **the shadow gets no live traffic**: a mirror's shadow instances get
 *   only mirrored copies while another instance can serve.
 * - Deadline propagation: **no call leaves after its deadline**; **a call's deadline is its
 *   caller's, or sooner** (at most the attempt's timeout away, and, sent by an instance, no later
 *   than the latest deadline of the calls of that request it received); **an instance never
 *   starts work past its deadline** (its traced `work`) and **drops only dead work** (its traced
 *   `deadline-expired`).
 * - **Adaptive throttling rejects only when it must**: a caller's throttle rejects an attempt
 *   only when the SRE book's p = max(0, (requests − K·accepts)/(requests + 1)) is above 0, with
 *   requests and accepts counted here from the wire: calls sent and the caller's local rejections
 *   (or, with `countAt: "outcome"`, replies that came in time, timeouts and local rejections), and
 *   ok replies that came in time. Counted so, requests are never fewer and accepts never more than
 *   the sidecar's (an answer and a timeout at the same instant), so p here is never below its p.
 *
 * Stats: per route, requests (with retries) and their goodput, error rate and p50/p95/p99; per
 * route, attempts, retries, probes, rejections and breaker transitions; the window in which a
 * crashed instance still got calls, until the registry noticed.
 */
export const BREAKER_OPENS = 'a breaker opens';
export const BREAKER_RECOVERS = 'a breaker closes again after opening';
export const DEAD_INSTANCE_EXPIRES = 'the registry drops a crashed instance';

const msgKey = (id: MessageId) => `${id.from}:${id.fromIncarnation}:${id.fromSeq}`;
const SAMPLES = 20_000;

interface RouteStats {
  attempts: number;
  retries: number;
  probes: number;
  replies: { ok: number; error: number; overloaded: number };
  requestsOk: number;
  requestsFailed: number;
  okMs: number[];
  attemptMs: number[];
  rejected: Record<string, number>;
  transitions: string[];
}

interface NodeTrack {
  up: boolean;
  breaker: 'closed' | 'open' | 'half-open';
  probes: number;
  /** callId -> [sentAt, timeoutAt] of attempts in flight. */
  inFlight: Record<number, [number, number]>;
  sends: number[];
  endpoints: number[];
  /** Instances this caller's outlier detection has ejected (its traced ejections and returns). */
  ejected: number[];
  /** The canary's share of this caller's calls (config, then its traced `split` changes). */
  canaryPercent: number | null;
  /** mTLS: the expiry of the newest certificate the CA delivered to it (0: none), and its mode (instances). */
  certExpiresUs: number;
  mode: MtlsMode | null;
  /** Deadlines: the latest deadline of the calls of each request (by trace) delivered to it. */
  deadlineOf: Map<string, number>;
  /** Adaptive throttling, counted from the wire: per second (its start, µs), attempts ended and accepted. */
  throttle: Map<number, [number, number]>;
}

interface State {
  nodes: NodeTrack[];
  /** Messages sent and not yet delivered whose content a delivery needs: Endpoints and Reply. */
  pending: Record<string, { instances?: number[]; callId?: number; sentAt?: number; cert?: Cert | null; status?: string; trace?: string; deadlineUs?: number }>;
  calls: Record<string, number>;
  /** At the registry (its current incarnation): when each instance's last heartbeat arrived. */
  leases: Record<number, number>;
  routes: Record<string, RouteStats>;
  crashes: { instance: number; atUs: number; expiredAtUs: number | null; callsWhileDead: number }[];
  firstOpenUs: number | null;
  firstRecoveryUs: number | null;
  firstExpiryUs: number | null;
  ejections: number;
  /** mTLS: the certificates the CA sent ("identity@expiry"), and what each delivered call must be answered. */
  issued: Record<string, true>;
  mustRefuse: Record<string, boolean>;
  mtls: { issued: number; refused: number; plaintext: number; expired: number; strangerOk: number; strangerFailed: number };
  mirror: { sent: number; replies: number };
  /** Deadlines: each call's (by "caller>callee#callId", until it is started or dropped), and the drops. */
  deadlines: Record<string, number>;
  deadline: { expired: number; started: number };
}

function newTrack(): NodeTrack {
  return { up: false, breaker: 'closed', probes: 0, inFlight: {}, sends: [], endpoints: [], ejected: [], canaryPercent: null, certExpiresUs: 0, mode: null, deadlineOf: new Map(), throttle: new Map() };
}

/** Local rejections that adaptive throttling counts as requests not accepted (sidecar.ts). */
const THROTTLE_COUNTS = new Set(['rejected.throttle', 'rejected.bulkhead', 'rejected.rate', 'rejected.breaker']);

const certKey = (c: Cert) => `${c.identity}@${c.expiresAtUs}`;

function newRouteStats(): RouteStats {
  return { attempts: 0, retries: 0, probes: 0, replies: { ok: 0, error: 0, overloaded: 0 }, requestsOk: 0, requestsFailed: 0, okMs: [], attemptMs: [], rejected: {}, transitions: [] };
}

/** Nearest-rank percentile of unsorted samples, or null. */
export function percentile(samples: readonly number[], p: number): number | null {
  if (samples.length === 0) return null;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

function keep(samples: number[], value: number): void {
  samples.push(value);
  if (samples.length > SAMPLES) samples.shift();
}

/** The rate-limit check against a plain count of the route's sends (newest last). */
function rateProblem(p: RoutePolicy, sends: readonly number[], now: number): string | null {
  const rl = p.rateLimit;
  if (!rl) return null;
  const n = sends.length;
  if (rl.algorithm === 'token-bucket') {
    for (let i = n - 1; i >= 0; i--) {
      const count = n - i;
      const allowed = rl.burst + Math.floor((rl.ratePerSec * (now - sends[i]!)) / 1_000_000);
      if (count > allowed) return `${count} calls in ${(now - sends[i]!) / 1000} ms, but a bucket of ${rl.burst} refilled at ${rl.ratePerSec}/s allows ${allowed}`;
    }
    return null;
  }
  if (rl.algorithm === 'leaky-bucket') {
    const gap = n >= 2 ? sends[n - 1]! - sends[n - 2]! : Infinity;
    const interval = leakIntervalUs(rl);
    return gap < interval ? `two calls ${gap / 1000} ms apart, but a leaky bucket at ${rl.ratePerSec}/s spaces them ${interval / 1000} ms apart` : null;
  }
  if (rl.algorithm === 'fixed-window') {
    const start = now - (now % rl.windowUs);
    const count = sends.filter((t) => t >= start).length;
    return count > rl.limit ? `${count} calls in the window from ${start / 1000} ms, limit ${rl.limit}` : null;
  }
  const count = sends.filter((t) => t > now - rl.windowUs).length;
  return count > rl.limit ? `${count} calls in the last ${rl.windowUs / 1000} ms, limit ${rl.limit}` : null;
}

/** How many past sends the rate check needs to keep. */
function sendsToKeep(p: RoutePolicy): number {
  const rl = p.rateLimit;
  if (!rl) return 0;
  if (rl.algorithm === 'leaky-bucket') return 2;
  return rl.algorithm === 'token-bucket' ? rl.burst + rl.ratePerSec * 10 + 1 : rl.limit + 1;
}

export function meshMonitor(config: MeshConfig, nodeCount: number, topology: TopologyLayout): Monitor {
  const name = (id: number) => nodeName(topology, id);
  const count = Math.max(nodeCount, topologySizeOf(topology));
  const routeOfNode = (id: number): Route | null => {
    const k = kindOf(topology, id);
    if (k === 'stranger') return 'client>frontend';
    return k && k !== 'registry' && k !== 'ca' ? routeOf(k as Caller) : null;
  };
  const fresh = (): State => ({
    nodes: Array.from({ length: count }, newTrack),
    pending: {},
    calls: {},
    leases: {},
    routes: Object.fromEntries(ROUTES.map((r) => [r, newRouteStats()])),
    crashes: [],
    firstOpenUs: null,
    firstRecoveryUs: null,
    firstExpiryUs: null,
    ejections: 0,
    issued: {},
    mustRefuse: {},
    mtls: { issued: 0, refused: 0, plaintext: 0, expired: 0, strangerOk: 0, strangerFailed: 0 },
    mirror: { sent: 0, replies: 0 },
    deadlines: {},
    deadline: { expired: 0, started: 0 },
  });
  let s = fresh();

  function onSend(e: Extract<TraceEvent, { kind: 'send' }>): Violation | undefined {
    const msg = e.msg as MeshMessage;
    const from = s.nodes[e.node]!;
    switch (msg.type) {
      case 'Endpoints': {
        s.pending[msgKey(e.id)] = { instances: [...msg.instances] };
        for (const id of msg.instances) {
          const last = s.leases[id];
          if (last === undefined || last + config.ttlUs + config.sweepUs < e.at) {
            return { invariant: 'The registry lists live leases only', message: `${name(e.node)} lists ${name(id)} for ${msg.service}, ${last === undefined ? 'which never heartbeated it' : `whose last heartbeat arrived ${(e.at - last) / 1000} ms ago (lease ${config.ttlUs / 1000} ms)`}` };
          }
        }
        return;
      }
      case 'Cert': {
        s.pending[msgKey(e.id)] = { cert: msg.cert };
        if (kindOf(topology, e.node) === 'ca') {
          s.issued[certKey(msg.cert)] = true;
          s.mtls.issued++;
        }
        return;
      }
      case 'Reply': {
        const key = `${e.to}>${e.node}#${msg.callId}`;
        if (msg.mirror) {
          s.mirror.replies++;
          if (s.calls[key] === undefined) return { invariant: 'Replies answer calls', message: `${name(e.node)} replied to mirrored call ${msg.callId} of ${name(e.to)}, which never sent it one` };
          return;
        }
        s.pending[msgKey(e.id)] = { callId: msg.callId, status: msg.status };
        const route = routeOfNode(e.to);
        if (route) {
          const replies = s.routes[route]!.replies as Record<string, number>;
          replies[msg.status] = (replies[msg.status] ?? 0) + 1;
        }
        if (s.calls[key] === undefined) {
          return { invariant: 'Replies answer calls', message: `${name(e.node)} replied to call ${msg.callId} of ${name(e.to)}, which never sent it one` };
        }
        return mtlsVerdict(e.node, e.to, msg.callId, msg.status === 'refused');
      }
      case 'Call': {
        const route = routeOfNode(e.node);
        if (!route || route !== msg.route) return { invariant: 'Calls go to registered instances', message: `${name(e.node)} sent a call on route ${msg.route}, which is not its own` };
        const p = policyOf(config, route);
        if (config.mtls) s.pending[msgKey(e.id)] = { callId: msg.callId, cert: msg.cert ?? null };
        if (msg.deadlineUs !== undefined) {
          const problem = deadlineProblem(e, msg, p);
          if (problem) return problem;
        }
        if (msg.mirror) return mirrorCall(e, msg, route, p);
        if (p.throttle && !p.throttle.atOutcome) countThrottle(from, e.at, true, false);
        const stats = s.routes[route]!;
        stats.attempts++;
        if (msg.attempt > 1) stats.retries++;
        if (msg.probe) stats.probes++;
        s.calls[`${e.node}>${e.to}#${msg.callId}`] = e.at;
        for (const crash of s.crashes) if (crash.instance === e.to && crash.expiredAtUs === null && !s.nodes[e.to]!.up) crash.callsWhileDead++;
        if (!from.endpoints.includes(e.to)) {
          return { invariant: 'Calls go to registered instances', message: `${name(e.node)} called ${name(e.to)}, which its last word from the registry did not list (${from.endpoints.map(name).join(', ') || 'none'})` };
        }
        if (from.ejected.includes(e.to) && from.endpoints.some((id) => !from.ejected.includes(id))) {
          return { invariant: 'Ejected instances get no calls', message: `${name(e.node)} called ${name(e.to)}, which its outlier detection had ejected, while ${from.endpoints.filter((id) => !from.ejected.includes(id)).map(name).join(', ')} were in the pool` };
        }
        const calleeKind = route.split('>')[1]!;
        // Instances that could serve a live call: registered, not ejected, not the mirror's shadow.
        const shadow = p.mirror ? lastOf(calleeKind, p.mirror.instances) : [];
        const usable = (set: readonly number[]) => from.endpoints.filter((id) => !from.ejected.includes(id) && !shadow.includes(id) && set.includes(id));
        if (p.mirror) {
          const others = usable(from.endpoints);
          if (shadow.includes(e.to) && others.length > 0) {
            return { invariant: 'The shadow gets no live traffic', message: `${name(e.node)} sent a live call on ${route} to the mirror's shadow ${name(e.to)}, while ${others.map(name).join(', ')} could serve` };
          }
        }
        const hr = p.headerRoute;
        const tagged = hr !== null && msg.headers?.[hr.header] === hr.value;
        if (hr && (tagged || !p.split)) {
          const targets = lastOf(calleeKind, hr.canaryInstances);
          const available = usable(tagged ? targets : from.endpoints.filter((id) => !targets.includes(id)));
          if (targets.includes(e.to) !== tagged && available.length > 0) {
            return { invariant: 'Header routes hold', message: `${name(e.node)} sent a call ${tagged ? 'with' : 'without'} ${hr.header}: ${hr.value} on ${route} to ${name(e.to)}, while ${available.map(name).join(', ')} could serve it` };
          }
        }
        const split = tagged ? null : p.split;
        if (split && (from.canaryPercent === 0 || from.canaryPercent === 100)) {
          const all = nodesOf(topology, route.split('>')[1]!);
          const canary = all.slice(Math.max(0, all.length - split.canaryInstances));
          const wantCanary = from.canaryPercent === 100;
          const available = from.endpoints.filter((id) => !from.ejected.includes(id) && !shadow.includes(id) && canary.includes(id) === wantCanary);
          if (canary.includes(e.to) !== wantCanary && available.length > 0) {
            return { invariant: 'A split at 0% or 100% is exact', message: `${name(e.node)} called ${name(e.to)} on ${route} with the canary at ${from.canaryPercent}%, while ${available.map(name).join(', ')} could serve` };
          }
        }
        if (from.breaker === 'open') {
          return { invariant: 'An open breaker lets nothing through', message: `${name(e.node)} sent a call on ${route} while its breaker was open` };
        }
        if (from.breaker === 'half-open') {
          if (!msg.probe) return { invariant: 'An open breaker lets nothing through', message: `${name(e.node)} sent a call that is not a probe on ${route} while its breaker was half-open` };
          from.probes++;
          const permitted = p.breaker?.permittedNumberOfCallsInHalfOpenState ?? 0;
          if (from.probes > permitted) return { invariant: 'An open breaker lets nothing through', message: `${name(e.node)} sent probe ${from.probes} on ${route} in one half-open spell; ${permitted} are permitted` };
        } else if (msg.probe) {
          return { invariant: 'An open breaker lets nothing through', message: `${name(e.node)} marked a call on ${route} as a probe while its breaker was closed` };
        }
        sweepTimeouts(from, p, e.at);
        // With deadlines the attempt gives up at its deadline (at most its timeout away).
        from.inFlight[msg.callId] = [e.at, msg.deadlineUs ?? e.at + p.timeoutUs];
        const inFlight = Object.keys(from.inFlight).length;
        if (p.bulkhead && inFlight > p.bulkhead.maxConcurrentCalls) {
          return { invariant: 'The bulkhead holds', message: `${name(e.node)} has ${inFlight} calls in flight on ${route}; its bulkhead allows ${p.bulkhead.maxConcurrentCalls}` };
        }
        const keepN = sendsToKeep(p);
        if (keepN > 0) {
          from.sends.push(e.at);
          if (from.sends.length > keepN) from.sends.shift();
          const problem = rateProblem(p, from.sends, e.at);
          if (problem) return { invariant: 'The rate limit holds', message: `${name(e.node)} on ${route}: ${problem}` };
        }
        return;
      }
      default:
        return;
    }
  }

  function onDeliver(e: Extract<TraceEvent, { kind: 'deliver' }>): void {
    const key = msgKey(e.id);
    const pending = s.pending[key];
    if (pending) delete s.pending[key];
    const to = s.nodes[e.node]!;
    if (e.msgType === 'Endpoints' && pending?.instances) to.endpoints = pending.instances;
    else if (e.msgType === 'Reply' && pending?.callId !== undefined) {
      const flight = to.inFlight[pending.callId];
      if (flight && flight[1] > e.at) {
        delete to.inFlight[pending.callId];
        const route = routeOfNode(e.node);
        if (route) keep(s.routes[route]!.attemptMs, (e.at - flight[0]) / 1000);
        const throttle = route ? policyOf(config, route).throttle : null;
        if (throttle) countThrottle(to, e.at, throttle.atOutcome === true, pending.status === 'ok');
      }
    } else if (e.msgType === 'Heartbeat' && kindOf(topology, e.node) === 'registry') s.leases[e.from] = e.at;
    else if (e.msgType === 'Cert' && pending?.cert && pending.cert.identity === e.node) to.certExpiresUs = Math.max(to.certExpiresUs, pending.cert.expiresAtUs);
    if (e.msgType === 'Call' && pending?.deadlineUs !== undefined) {
      // The latest deadline of this request's calls here: what its downstream calls may inherit.
      const d = to.deadlineOf;
      if (d.size > 2000) for (const [trace, at] of d) if (at <= e.at) d.delete(trace);
      d.set(pending.trace!, Math.max(d.get(pending.trace!) ?? 0, pending.deadlineUs));
    }
    if (e.msgType === 'Call' && pending && 'cert' in pending && to.mode !== null) {
      // The verdict this call must get, as of this instant (the reply is checked against it).
      const c = pending.cert;
      const peerValid = !!c && c.identity === e.from && c.expiresAtUs > e.at && s.issued[certKey(c)] === true;
      const selfValid = to.certExpiresUs > e.at;
      s.mustRefuse[`${e.from}>${e.node}#${pending.callId}`] = to.mode === 'strict' && !(peerValid && selfValid);
    }
  }

  /** A reply to a delivered call under mTLS: refused exactly when strict mode must refuse it. */
  function mtlsVerdict(callee: number, caller: number, callId: number, refused: boolean): Violation | undefined {
    if (refused) s.mtls.refused++;
    const key = `${caller}>${callee}#${callId}`;
    const must = s.mustRefuse[key];
    if (must === undefined) return;
    delete s.mustRefuse[key];
    if (must && !refused) {
      return { invariant: 'Strict mTLS accepts no call without a valid certificate', message: `${name(callee)} (strict) accepted call ${callId} of ${name(caller)}, although a certificate was missing, not the CA's, or expired when it arrived` };
    }
    if (!must && refused) {
      return { invariant: 'mTLS refuses only what it must', message: `${name(callee)} refused call ${callId} of ${name(caller)}, although ${s.nodes[callee]!.mode === 'strict' ? 'both certificates were valid' : 'it is permissive'}` };
    }
    return;
  }

  /** A call with a deadline: not already past, not beyond its attempt's timeout, and (from an instance) not beyond what its caller gave it. */
  function deadlineProblem(e: Extract<TraceEvent, { kind: 'send' }>, msg: Extract<MeshMessage, { type: 'Call' }>, p: RoutePolicy): Violation | undefined {
    const d = msg.deadlineUs!;
    s.deadlines[`${e.node}>${e.to}#${msg.callId}`] = d;
    s.pending[msgKey(e.id)] = { ...s.pending[msgKey(e.id)], callId: msg.callId, trace: msg.trace, deadlineUs: d };
    if (d <= e.at) return { invariant: 'No call leaves after its deadline', message: `${name(e.node)} sent call ${msg.callId} (${msg.trace}) to ${name(e.to)} at ${e.at / 1000} ms, past its deadline of ${d / 1000} ms` };
    if (d > e.at + p.timeoutUs) return { invariant: "A call's deadline is its caller's, or sooner", message: `${name(e.node)} gave call ${msg.callId} a deadline ${(d - e.at) / 1000} ms away, beyond its attempt timeout of ${p.timeoutUs / 1000} ms` };
    if (isService(kindOf(topology, e.node) ?? '')) {
      const given = s.nodes[e.node]!.deadlineOf.get(msg.trace);
      if (given === undefined || d > given) {
        return { invariant: "A call's deadline is its caller's, or sooner", message: `${name(e.node)} called ${name(e.to)} for ${msg.trace} with a deadline of ${d / 1000} ms, ${given === undefined ? 'although no call of that request with a deadline reached it' : `later than the ${given / 1000} ms its caller gave it`}` };
      }
    }
    return;
  }

  /** The deadline check of a traced start of work or drop at an instance. */
  function deadlineObserved(e: Extract<TraceEvent, { kind: 'observe' }>): Violation | undefined {
    const d = e.data as { from: number; callId: number };
    const key = `${d.from}>${e.node}#${d.callId}`;
    const deadline = s.deadlines[key];
    delete s.deadlines[key];
    if (e.what === 'deadline-expired') {
      s.deadline.expired++;
      if (deadline === undefined || deadline > e.at) return { invariant: 'Deadlines drop only dead work', message: `${name(e.node)} dropped call ${d.callId} of ${name(d.from)} at ${e.at / 1000} ms, ${deadline === undefined ? 'which carried no deadline' : `${(deadline - e.at) / 1000} ms before its deadline`}` };
      return;
    }
    s.deadline.started++;
    if (deadline !== undefined && deadline <= e.at) return { invariant: 'An instance never starts work past its deadline', message: `${name(e.node)} started call ${d.callId} of ${name(d.from)} at ${e.at / 1000} ms, ${(e.at - deadline) / 1000} ms after its deadline` };
    return;
  }

  /** Adaptive throttling's counts, from the wire: a request and/or an accept at `at`, in the bucket of its second. */
  function countThrottle(track: NodeTrack, at: number, request: boolean, accept: boolean): void {
    if (!request && !accept) return;
    const second = at - (at % 1_000_000);
    const c = track.throttle.get(second) ?? [0, 0];
    if (request) c[0]++;
    if (accept) c[1]++;
    track.throttle.set(second, c);
  }

  /** Attempts whose timeout (or deadline) has come end there: counted by the throttle (if any) at that instant. */
  function sweepTimeouts(track: NodeTrack, p: RoutePolicy, now: number): void {
    for (const [id, [, timeoutAt]] of Object.entries(track.inFlight)) {
      if (timeoutAt > now) continue;
      delete track.inFlight[Number(id)];
      if (p.throttle?.atOutcome) countThrottle(track, timeoutAt, true, false);
    }
  }

  /** The SRE book's p over the window, from the counts of the wire; a rejection at p = 0 is a bug. */
  function throttleRejection(e: Extract<TraceEvent, { kind: 'metric' }>, route: Route): Violation | undefined {
    const p = policyOf(config, route);
    const t = p.throttle;
    if (!t) return;
    const track = s.nodes[e.node]!;
    sweepTimeouts(track, p, e.at);
    let requests = 0;
    let accepts = 0;
    for (const [second, [r, a]] of track.throttle) {
      if (second <= e.at - t.windowUs) track.throttle.delete(second);
      else {
        requests += r;
        accepts += a;
      }
    }
    const probability = Math.max(0, (requests - t.k * accepts) / (requests + 1));
    if (e.name === 'rejected.throttle' && probability === 0) {
      return { invariant: 'Adaptive throttling rejects only when it must', message: `${name(e.node)} rejected an attempt on ${route} locally, but over the last ${t.windowUs / 1_000_000} s it saw ${requests} requests and ${accepts} accepts: with K = ${t.k}, p = 0` };
    }
    // A spill of the leaky bucket comes before the throttle: counted only when requests are counted at their outcome.
    const beforeThrottle = e.name === 'rejected.rate' && p.rateLimit?.algorithm === 'leaky-bucket';
    countThrottle(track, e.at, t.atOutcome === true || !beforeThrottle, false);
    return;
  }

  /** The callee's last `n` instances by id (a header route's target, a mirror's shadow). */
  function lastOf(kind: string, n: number): number[] {
    const all = nodesOf(topology, kind);
    return all.slice(Math.max(0, all.length - n));
  }

  /** A mirrored copy: to a registered shadow instance; no policy of the route counts it. */
  function mirrorCall(e: Extract<TraceEvent, { kind: 'send' }>, msg: Extract<MeshMessage, { type: 'Call' }>, route: Route, p: RoutePolicy): Violation | undefined {
    s.mirror.sent++;
    s.calls[`${e.node}>${e.to}#${msg.callId}`] = e.at;
    const shadow = p.mirror ? lastOf(route.split('>')[1]!, p.mirror.instances) : [];
    if (!shadow.includes(e.to) || !s.nodes[e.node]!.endpoints.includes(e.to)) {
      return { invariant: 'Calls go to registered instances', message: `${name(e.node)} mirrored a call on ${route} to ${name(e.to)}, which is not a registered shadow instance` };
    }
    return;
  }

  return {
    observe(e: TraceEvent): Violation | undefined {
      switch (e.kind) {
        case 'start': {
          const r = routeOfNode(e.node);
          const kind = kindOf(topology, e.node) ?? '';
          const mode = config.mtls && isService(kind) ? config.mtls.modes[kind] : null;
          s.nodes[e.node] = { ...newTrack(), up: true, canaryPercent: r ? (policyOf(config, r).split?.canaryPercent ?? null) : null, mode };
          if (kindOf(topology, e.node) === 'registry') s.leases = {};
          return;
        }
        case 'crash':
          s.nodes[e.node]!.up = false;
          if (isService(kindOf(topology, e.node) ?? '')) s.crashes.push({ instance: e.node, atUs: e.at, expiredAtUs: null, callsWhileDead: 0 });
          return;
        case 'send':
          return onSend(e);
        case 'deliver':
          onDeliver(e);
          return;
        case 'drop':
          delete s.pending[msgKey(e.id)];
          return;
        case 'metric': {
          if (e.name === 'mtls.plaintext') s.mtls.plaintext++;
          const route = routeOfNode(e.node);
          if (!route) return;
          const stats = s.routes[route]!;
          if (e.name === 'requestOkMs' || e.name === 'clientOkMs') {
            stats.requestsOk++;
            keep(stats.okMs, e.value);
          } else if (e.name === 'requestFailedMs' || e.name === 'clientFailedMs') stats.requestsFailed++;
          else if (e.name === 'strangerOkMs') s.mtls.strangerOk++;
          else if (e.name === 'strangerFailedMs') s.mtls.strangerFailed++;
          else if (e.name.startsWith('rejected.')) {
            stats.rejected[e.name.slice(9)] = (stats.rejected[e.name.slice(9)] ?? 0) + 1;
            if (THROTTLE_COUNTS.has(e.name)) return throttleRejection(e, route);
          }
          return;
        }
        case 'observe': {
          if (e.what === 'work' || e.what === 'deadline-expired') return deadlineObserved(e);
          if (e.what === 'breaker') {
            const d = e.data as { route: string; from: string; to: 'closed' | 'open' | 'half-open' };
            const track = s.nodes[e.node]!;
            track.breaker = d.to;
            track.probes = 0;
            s.routes[d.route]?.transitions.push(`${name(e.node)} ${d.from}->${d.to} @${e.at / 1000}ms`);
            if (d.to === 'open') s.firstOpenUs ??= e.at;
            if (d.to === 'closed' && d.from === 'half-open') s.firstRecoveryUs ??= e.at;
          } else if (e.what === 'mtls-mode') {
            s.nodes[e.node]!.mode = (e.data as { mode: MtlsMode }).mode;
          } else if (e.what === 'cert-expired') {
            s.mtls.expired++;
          } else if (e.what === 'split') {
            s.nodes[e.node]!.canaryPercent = (e.data as { canaryPercent: number }).canaryPercent;
          } else if (e.what === 'ejected' || e.what === 'returned') {
            const d = e.data as { route: Route; instance: number };
            const track = s.nodes[e.node]!;
            if (e.what === 'returned') {
              track.ejected = track.ejected.filter((id) => id !== d.instance);
              return;
            }
            track.ejected.push(d.instance);
            s.ejections++;
            const od = policyOf(config, d.route).outlierDetection;
            const allowed = Math.max(1, Math.floor(((od?.maxEjectionPercent ?? 0) * track.endpoints.length) / 100));
            const out = track.ejected.filter((id) => track.endpoints.includes(id)).length;
            if (out > allowed) {
              return { invariant: 'Outlier detection ejects at most its share', message: `${name(e.node)} has ${out} of ${track.endpoints.length} instances ejected on ${d.route}; at most ${allowed} may be` };
            }
          } else if (e.what === 'expired') {
            const d = e.data as { instance: number };
            const crash = s.crashes.find((c) => c.instance === d.instance && c.expiredAtUs === null);
            if (crash) {
              crash.expiredAtUs = e.at;
              s.firstExpiryUs ??= e.at;
            }
          }
          return;
        }
        default:
          return;
      }
    },

    finish({ untilUs }) {
      const seconds = untilUs / 1_000_000;
      const round = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);
      const routes = Object.fromEntries(
        ROUTES.map((r) => {
          const st = s.routes[r]!;
          const requests = st.requestsOk + st.requestsFailed;
          return [
            r,
            {
              requests,
              goodputRps: round(st.requestsOk / Math.max(seconds, 1e-6)),
              errorRate: requests === 0 ? null : Math.round((st.requestsFailed / requests) * 1000) / 1000,
              p50Ms: round(percentile(st.okMs, 50)),
              p95Ms: round(percentile(st.okMs, 95)),
              p99Ms: round(percentile(st.okMs, 99)),
              attempts: st.attempts,
              retries: st.retries,
              probes: st.probes,
              replies: st.replies,
              attemptP99Ms: round(percentile(st.attemptMs, 99)),
              rejected: st.rejected,
              breakerTransitions: st.transitions.length,
              transitions: st.transitions.slice(0, 20),
            },
          ];
        }),
      );
      const client = s.routes['client>frontend']!;
      return {
        stats: {
          goodputRps: round(client.requestsOk / Math.max(seconds, 1e-6)),
          outlierEjections: s.ejections,
          ...(config.mtls ? { mtls: s.mtls } : {}),
          ...(s.mirror.sent > 0 ? { mirror: s.mirror } : {}),
          ...(config.deadlines ? { deadlines: { started: s.deadline.started, expired: s.deadline.expired } } : {}),
          errorRate: client.requestsOk + client.requestsFailed === 0 ? null : Math.round((client.requestsFailed / (client.requestsOk + client.requestsFailed)) * 1000) / 1000,
          p99Ms: round(percentile(client.okMs, 99)),
          routes,
          deadInstances: s.crashes.map((c) => ({
            instance: name(c.instance),
            crashedAtMs: c.atUs / 1000,
            droppedByRegistryAtMs: c.expiredAtUs === null ? null : c.expiredAtUs / 1000,
            windowMs: c.expiredAtUs === null ? null : (c.expiredAtUs - c.atUs) / 1000,
            callsWhileDead: c.callsWhileDead,
          })),
        },
        violations: [],
        sometimes: [
          sometimesResult(BREAKER_OPENS, s.firstOpenUs),
          sometimesResult(BREAKER_RECOVERS, s.firstRecoveryUs),
          sometimesResult(DEAD_INSTANCE_EXPIRES, s.firstExpiryUs),
        ],
      };
    },

    snapshot: () => structuredClone(s),
    restore(state) {
      s = structuredClone(state as State);
    },
  };
}
