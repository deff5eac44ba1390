import type { NodeContext, NodeId, Protocol, Timer } from '../../kernel/protocol';
import { rates } from './breaker';
import { configureMesh, DOWNSTREAM, isService, parseServiceSettings, policyOf, routeOf, SERVICES, type Caller, type MeshConfig, type MeshKind, type Service } from './config';
import { headroom } from './limits';
import { meshMonitor } from './monitor';
import { certValid, newTls, rotateAtUs, verdict, type CaState, type Cert } from './mtls';
import { newRoute, onEndpoints, onLeak, onReply, onRetry, onTimeout, outlierSweep, startRequest, type RequestDone } from './sidecar';
import type { ClientState, Headers, InstanceState, Job, MeshCommand, MeshMessage, MeshState, RegistryState } from './types';

/**
 * A service mesh under stress. Clients call `frontend`, which calls `checkout`, which calls
 * `payments`; each service has several instances, each with a sidecar (modelled inside its node:
 * sidecar.ts) that holds the policies of the route it calls on. Instances register with the
 * registry by heartbeats and leases (Consul's TTL checks); callers watch the registry and route
 * only to the instances it lists, so a crashed instance keeps getting calls until its lease runs
 * out and the registry's sweep drops it. See README.md.
 */
type Ctx = NodeContext<MeshMessage>;

const KINDS = {
  main: 'frontend',
  kinds: {
    frontend: { prefix: 'FE', title: 'Frontend instance' },
    checkout: { prefix: 'CO', title: 'Checkout instance', defaultCount: 2 },
    payments: { prefix: 'PAY', title: 'Payments instance', defaultCount: 3 },
    client: { prefix: 'C', title: 'Client', defaultCount: 1 },
    registry: { prefix: 'R', title: 'Registry', defaultCount: 1 },
    // Only in runs that ask for them (mTLS): no default run has one.
    ca: { prefix: 'CA', title: 'Mesh CA' },
    stranger: { prefix: 'X', title: 'Stranger (no mesh certificate)' },
  },
};

function registryOf(ctx: Ctx): NodeId | undefined {
  return ctx.nodesOf('registry')[0];
}

function instanceSettings(config: MeshConfig, service: Service, group: Readonly<Record<string, unknown>>) {
  const d = config.services[service];
  return parseServiceSettings({ ...group }, `the ${service} group's config: `, { serviceMs: d.serviceUs / 1000, workers: d.workers, queueLimit: d.queueLimit });
}

// ---- instances: a pool of workers, a queue, and a call downstream -------------------------

function startJob(state: MeshState, ctx: Ctx, job: Job): void {
  const node = state.node as InstanceState;
  node.busy.push(job);
  // With deadlines, the start of work is traced: the monitor checks that none starts past its deadline.
  if (job.deadlineUs !== undefined) ctx.observe('work', { from: job.from, callId: job.callId, leftMs: (job.deadlineUs - ctx.now()) / 1000 });
  const mean = node.settings.serviceUs * node.health.slowFactor;
  ctx.setTimer(ctx.random.int(Math.floor(mean / 2), Math.ceil((mean * 3) / 2)), 'work', { job: job.id });
}

function answer(state: MeshState, ctx: Ctx, jobId: number, status: 'ok' | 'error'): void {
  const node = state.node as InstanceState;
  const i = node.busy.findIndex((j) => j.id === jobId);
  if (i < 0) return;
  const [job] = node.busy.splice(i, 1);
  ctx.send(job!.from, { type: 'Reply', callId: job!.callId, status, ...(job!.mirror ? { mirror: true as const } : {}) });
  node.served++;
  startNext(state, ctx);
}

/** A worker is free: the next queued call it may work on (with deadlines, those whose caller gave up are dropped). */
function startNext(state: MeshState, ctx: Ctx): void {
  const node = state.node as InstanceState;
  let waiting = node.queue.shift();
  while (waiting && expired(ctx, waiting)) {
    drop(state, ctx, waiting);
    waiting = node.queue.shift();
  }
  if (waiting) startJob(state, ctx, waiting);
}

/** Deadline propagation: the caller stops waiting at the call's deadline, so work begun then is wasted. */
function expired(ctx: Ctx, job: Job): boolean {
  return job.deadlineUs !== undefined && job.deadlineUs <= ctx.now();
}

/**
 * Drops a call unstarted because its deadline has passed (gRPC's server sees its context
 * cancelled): no work, no reply (the caller has timed out already), counted as `expired`.
 */
function drop(state: MeshState, ctx: Ctx, job: Job): void {
  const node = state.node as InstanceState;
  node.expired++;
  ctx.metric('expired', 1);
  ctx.observe('deadline-expired', { from: job.from, callId: job.callId, lateMs: (ctx.now() - job.deadlineUs!) / 1000, waitedMs: (ctx.now() - job.arrivedAtUs) / 1000 });
}

const requestDone: RequestDone = (state, ctx, origin, ok) => {
  if (origin.kind === 'job') answer(state, ctx, origin.job, ok ? 'ok' : 'error');
};

function onCall(state: MeshState, ctx: Ctx, from: NodeId, msg: Extract<MeshMessage, { type: 'Call' }>): void {
  const node = state.node as InstanceState;
  const mirror = msg.mirror ? { mirror: true as const } : {};
  if (state.tls) {
    // The handshake (mtls.ts): both certificates valid now, or the mode decides.
    const tls = state.tls;
    const v = verdict(tls.mode!, certValid(msg.cert, from, ctx.now()), certValid(tls.cert, ctx.self, ctx.now()));
    tls.accepted[v]++;
    if (v === 'refused') {
      ctx.metric('mtls.refused', 1);
      ctx.send(from, { type: 'Reply', callId: msg.callId, status: 'refused', ...mirror });
      return;
    }
    if (v === 'plaintext') ctx.metric('mtls.plaintext', 1);
  }
  const job: Job = { id: state.nextJob++, from, callId: msg.callId, trace: msg.trace, arrivedAtUs: ctx.now(), ...(msg.headers ? { headers: msg.headers } : {}), ...mirror };
  if (msg.deadlineUs !== undefined) job.deadlineUs = msg.deadlineUs;
  if (expired(ctx, job)) drop(state, ctx, job);
  else if (node.busy.length < node.settings.workers) startJob(state, ctx, job);
  else if (node.queue.length < node.settings.queueLimit) node.queue.push(job);
  else {
    node.overloaded++;
    ctx.send(from, { type: 'Reply', callId: msg.callId, status: 'overloaded', ...mirror });
  }
}

function onWorkDone(state: MeshState, ctx: Ctx, jobId: number): void {
  const node = state.node as InstanceState;
  const job = node.busy.find((j) => j.id === jobId);
  if (!job) return;
  if (node.health.failPercent > 0 && ctx.random.int(1, 100) <= node.health.failPercent) return answer(state, ctx, jobId, 'error');
  // The worker stays busy while the call downstream is out: a slow dependency holds it.
  if (state.route) startRequest(state, ctx, { kind: 'job', job: jobId }, job.trace, requestDone, job.headers, job.deadlineUs);
  else answer(state, ctx, jobId, 'ok');
}

// ---- clients: open-loop Poisson-like arrivals ------------------------------------------------

/** The next arrival, uniform in (0, 2/rps]: mean 1/rps. `generation` retires the timers of an older load. */
function scheduleArrival(ctx: Ctx, client: ClientState): void {
  if (client.rps <= 0) return;
  const meanUs = 1_000_000 / client.rps;
  ctx.setTimer(ctx.random.int(1, Math.max(1, Math.round(2 * meanUs))), 'arrival', { generation: client.generation });
}

/** The headers a client's new request carries: the configured one on `percent`% of them (drawn only when configured). */
function clientHeaders(ctx: Ctx, config: MeshConfig): Headers | undefined {
  const h = config.headers;
  if (!h || h.percent <= 0) return undefined;
  return ctx.random.float() * 100 < h.percent ? { [h.name]: h.value } : undefined;
}

// ---- mTLS: certificates from the mesh CA, rotation, expiry (mtls.ts) -------------------------

/** Starts asking for a new certificate (a new generation retires the old rotate and retry timers). */
function requestCert(state: MeshState, ctx: Ctx): void {
  state.tls!.requesting = true;
  state.tls!.generation++;
  askCa(state, ctx);
}

/** Sends the request, and asks again after `retry` unless a certificate came meanwhile. */
function askCa(state: MeshState, ctx: Ctx): void {
  const ca = ctx.nodesOf('ca')[0];
  if (ca === undefined) return; // no CA in this run: no certificate, ever
  ctx.send(ca, { type: 'CertRequest' });
  ctx.setTimer(state.config.mtls!.retryUs, 'cert-retry', { generation: state.tls!.generation });
}

function onCert(state: MeshState, ctx: Ctx, cert: Cert): void {
  const tls = state.tls;
  if (!tls || cert.identity !== ctx.self || cert.expiresAtUs <= (tls.cert?.expiresAtUs ?? -1)) return;
  tls.cert = cert;
  tls.requesting = false;
  tls.generation++;
  ctx.observe('cert', { serial: cert.serial, expiresAtMs: cert.expiresAtUs / 1000 });
  ctx.setTimer(Math.max(1, rotateAtUs(cert, state.config.mtls!) - ctx.now()), 'cert-rotate', { generation: tls.generation });
  ctx.setTimer(cert.expiresAtUs - ctx.now(), 'cert-expiry', { expiresAtUs: cert.expiresAtUs });
}

function issue(ctx: Ctx, ca: CaState, ttlUs: number, to: NodeId): void {
  const cert: Cert = { identity: to, serial: ca.nextSerial++, issuedAtUs: ctx.now(), expiresAtUs: ctx.now() + ttlUs };
  ca.issued++;
  ctx.send(to, { type: 'Cert', cert });
}

// ---- the registry: leases, a sweep, and pushes to watchers ----------------------------------

function push(ctx: Ctx, reg: RegistryState, service: Service, to?: NodeId): void {
  const msg: MeshMessage = { type: 'Endpoints', service, instances: reg.table[service].map((e) => e.instance), version: reg.versions[service] };
  for (const w of to === undefined ? reg.watchers[service] : [to]) ctx.send(w, msg);
}

function onHeartbeat(ctx: Ctx, reg: RegistryState, from: NodeId, msg: Extract<MeshMessage, { type: 'Heartbeat' }>): void {
  const entries = reg.table[msg.service];
  const expiresAtUs = ctx.now() + msg.ttlMs * 1000;
  const entry = entries.find((e) => e.instance === from);
  if (entry) {
    entry.expiresAtUs = expiresAtUs;
    return;
  }
  entries.push({ instance: from, expiresAtUs });
  entries.sort((a, b) => a.instance - b.instance);
  reg.versions[msg.service]++;
  ctx.observe('registered', { instance: from, service: msg.service });
  push(ctx, reg, msg.service);
}

function sweep(ctx: Ctx, reg: RegistryState, ttlUs: number): void {
  for (const service of SERVICES) {
    const expired = reg.table[service].filter((e) => e.expiresAtUs <= ctx.now());
    if (expired.length === 0) continue;
    reg.table[service] = reg.table[service].filter((e) => e.expiresAtUs > ctx.now());
    reg.versions[service]++;
    for (const e of expired) ctx.observe('expired', { instance: e.instance, service, silentMs: (ctx.now() - e.expiresAtUs + ttlUs) / 1000 });
    push(ctx, reg, service);
  }
}

// ---- every node -----------------------------------------------------------------------------

function heartbeat(state: MeshState, ctx: Ctx): void {
  const registry = registryOf(ctx);
  if (registry !== undefined) {
    if (isService(state.kind)) ctx.send(registry, { type: 'Heartbeat', service: state.kind, ttlMs: state.config.ttlUs / 1000 });
    if (state.route) ctx.send(registry, { type: 'Watch', service: state.route.callee });
  }
  ctx.setTimer(state.config.heartbeatUs, 'heartbeat');
}

export const mesh: Protocol<MeshState, MeshMessage, MeshCommand, MeshConfig> = {
  name: 'mesh',
  title: 'Service mesh',
  topology: KINDS,

  configure: configureMesh,

  checkScenario(config, { topology }) {
    const registries = topology.groups.filter((g) => g.kind === 'registry').reduce((n, g) => n + g.count, 0);
    if (registries > 1) throw new RangeError('topology: the mesh runs one registry at most');
    if (topology.groups.some((g) => g.kind === 'ca' && g.count > 1)) throw new RangeError('topology: the mesh runs one CA at most');
    for (const g of topology.groups) {
      if (isService(g.kind)) instanceSettings(config, g.kind, g.config);
      else if (g.kind === 'stranger') {
        for (const k of Object.keys(g.config)) if (k !== 'rps') throw new RangeError(`topology: the stranger group takes only "rps"`);
        const rps = g.config.rps ?? 5;
        if (typeof rps !== 'number' || !(rps >= 0 && rps <= 5000)) throw new RangeError('topology: the stranger group\'s rps must be a number from 0 to 5000');
      } else if (Object.keys(g.config).length > 0) throw new RangeError(`topology: the ${g.kind} group takes no config`);
    }
  },

  init(ctx, config) {
    const kind = ctx.kind as MeshKind;
    const state: MeshState = { config, kind, node: null as never, tls: null, route: null, attempts: [], requests: [], nextCallId: 1, nextRequest: 1, nextJob: 1 };
    if (kind === 'registry') {
      state.node = { role: 'registry', table: { frontend: [], checkout: [], payments: [] }, versions: { frontend: 0, checkout: 0, payments: 0 }, watchers: { frontend: [], checkout: [], payments: [] } };
      ctx.setTimer(config.sweepUs, 'sweep');
      return state;
    }
    if (kind === 'ca') {
      state.node = { role: 'ca', nextSerial: 1, issued: 0 };
      return state;
    }
    // A stranger calls frontend as a client does, without a certificate.
    const caller: Caller = kind === 'stranger' ? 'client' : kind;
    const route = routeOf(caller);
    if (route) {
      const policy = policyOf(config, route);
      state.route = newRoute(route, DOWNSTREAM[caller]!, policy);
      if (policy.outlierDetection) ctx.setTimer(policy.outlierDetection.intervalUs, 'outlier-sweep');
    }
    if (config.mtls && kind !== 'stranger') {
      state.tls = newTls(isService(kind) ? config.mtls.modes[kind] : null);
      requestCert(state, ctx);
    }
    if (caller === 'client') {
      const rps = kind === 'stranger' ? Number(ctx.groupConfig.rps ?? 5) : config.clientRps;
      const client: ClientState = { role: 'client', rps, issued: 0, generation: 0 };
      state.node = client;
      scheduleArrival(ctx, client);
    } else {
      state.node = { role: 'instance', service: caller, settings: instanceSettings(config, caller, ctx.groupConfig), health: { slowFactor: 1, failPercent: 0 }, busy: [], queue: [], served: 0, overloaded: 0, expired: 0 } satisfies InstanceState;
    }
    heartbeat(state, ctx);
    return state;
  },

  onMessage(state, ctx, from, msg) {
    switch (msg.type) {
      case 'Heartbeat':
        if (state.node.role === 'registry') onHeartbeat(ctx, state.node, from, msg);
        return;
      case 'Watch':
        if (state.node.role === 'registry') {
          const w = state.node.watchers[msg.service];
          if (!w.includes(from)) {
            w.push(from);
            w.sort((a, b) => a - b);
          }
          push(ctx, state.node, msg.service, from);
        }
        return;
      case 'Endpoints':
        onEndpoints(state, ctx, msg);
        return;
      case 'Call':
        if (state.node.role === 'instance') onCall(state, ctx, from, msg);
        return;
      case 'Reply':
        if (state.route) onReply(state, ctx, msg, requestDone);
        return;
      case 'CertRequest':
        if (state.node.role === 'ca') issue(ctx, state.node, state.config.mtls?.certTtlUs ?? 0, from);
        return;
      case 'Cert':
        onCert(state, ctx, msg.cert);
        return;
    }
  },

  onTimer(state, ctx, timer: Timer) {
    const data = timer.data as Record<string, number> | undefined;
    switch (timer.name) {
      case 'heartbeat':
        return heartbeat(state, ctx);
      case 'sweep':
        if (state.node.role === 'registry') sweep(ctx, state.node, state.config.ttlUs);
        ctx.setTimer(state.config.sweepUs, 'sweep');
        return;
      case 'arrival': {
        const client = state.node as ClientState;
        if (data?.generation !== client.generation) return; // the load changed since: a newer timer runs
        client.issued++;
        const requestUs = state.config.deadlines?.requestUs ?? null;
        startRequest(state, ctx, { kind: 'client' }, `${ctx.nameOf(ctx.self)}-${client.issued}`, requestDone, clientHeaders(ctx, state.config), requestUs === null ? undefined : ctx.now() + requestUs);
        scheduleArrival(ctx, client);
        return;
      }
      case 'work':
        return onWorkDone(state, ctx, data!.job!);
      case 'timeout':
        return onTimeout(state, ctx, data!.callId!, requestDone);
      case 'retry':
        return onRetry(state, ctx, data!.request!, requestDone);
      case 'outlier-sweep':
        return outlierSweep(state, ctx);
      case 'leak':
        return onLeak(state, ctx, data!.request!, requestDone);
      case 'cert-retry':
        if (state.tls?.requesting && data?.generation === state.tls.generation) askCa(state, ctx);
        return;
      case 'cert-rotate':
        if (state.tls && data?.generation === state.tls.generation) requestCert(state, ctx);
        return;
      case 'cert-expiry':
        // Still the certificate that timer was set for: nothing replaced it in time.
        if (state.tls?.cert?.expiresAtUs === data?.expiresAtUs) ctx.observe('cert-expired', { serial: state.tls!.cert!.serial });
        return;
    }
  },

  onCommand(state, ctx, command, opId) {
    if (command.type === 'setHealth' && state.node.role === 'instance') {
      const slowFactor = Math.min(1000, Math.max(1, Number(command.slowFactor) || 1));
      const failPercent = Math.min(100, Math.max(0, Math.round(Number(command.failPercent) || 0)));
      state.node.health = { slowFactor, failPercent };
      ctx.observe('health', { slowFactor, failPercent });
      ctx.reply(opId, { ok: true });
      return;
    }
    if (command.type === 'setLoad' && state.node.role === 'client') {
      const rps = Math.min(5000, Math.max(0, Number(command.rps) || 0));
      state.node.rps = rps;
      state.node.generation++;
      ctx.observe('load', { rps });
      scheduleArrival(ctx, state.node);
      ctx.reply(opId, { ok: true });
      return;
    }
    if (command.type === 'setCanaryPercent' && state.route && policyOf(state.config, state.route.route).split) {
      const percent = Math.min(100, Math.max(0, Math.round(Number(command.percent) || 0)));
      state.route.canaryPercent = percent;
      ctx.observe('split', { route: state.route.route, canaryPercent: percent });
      ctx.reply(opId, { ok: true });
      return;
    }
    if (command.type === 'setMtlsMode' && state.tls && state.node.role === 'instance') {
      const mode = command.mode === 'strict' ? 'strict' : 'permissive';
      state.tls.mode = mode;
      ctx.observe('mtls-mode', { service: state.node.service, mode });
      ctx.reply(opId, { ok: true });
      return;
    }
    ctx.reply(opId, { ok: false, error: `a ${state.kind} node does not take "${String(command.type).slice(0, 40)}"` });
  },

  view(state) {
    const base: Record<string, unknown> = { kind: state.kind };
    const node = state.node;
    if (node.role === 'registry') {
      base.registry = { table: node.table, versions: node.versions, watchers: node.watchers };
    } else if (node.role === 'ca') {
      base.ca = { issued: node.issued };
    } else if (node.role === 'client') {
      base.client = { rps: node.rps, issued: node.issued };
      if (state.kind === 'stranger') base.stranger = true;
    } else {
      base.instance = { service: node.service, health: node.health, busy: node.busy.length, workers: node.settings.workers, queue: node.queue.length, queueLimit: node.settings.queueLimit, served: node.served, overloaded: node.overloaded, ...(state.config.deadlines ? { expired: node.expired } : {}) };
    }
    if (state.tls) {
      const c = state.tls.cert;
      base.tls = { mode: state.tls.mode, requesting: state.tls.requesting, accepted: state.tls.accepted, cert: c ? { serial: c.serial, issuedAtMs: c.issuedAtUs / 1000, expiresAtMs: c.expiresAtUs / 1000 } : null };
    }
    const r = state.route;
    if (r) {
      const p = policyOf(state.config, r.route);
      const b = r.breaker && p.breaker ? { ...r.breaker, window: undefined, ...rates(r.breaker, p.breaker), config: p.breaker } : null;
      base.route = {
        route: r.route,
        callee: r.callee,
        endpoints: r.endpoints,
        breaker: b,
        inFlight: r.inFlight,
        bulkhead: p.bulkhead?.maxConcurrentCalls ?? null,
        rateLimit: p.rateLimit ? { ...p.rateLimit, headroom: r.limiter ? headroomNow(r, p) : null } : null,
        retry: p.retry ? { maxAttempts: p.retry.maxAttempts, jitter: p.retry.jitter } : null,
        budget: p.budget ? { retryRatio: p.budget.retryRatio, recentRetries: r.budget!.retries.length, recentRequests: r.budget!.requests.length } : null,
        throttle: p.throttle && r.throttle ? { k: p.throttle.k, requests: sum(r.throttle.requests), accepts: sum(r.throttle.accepts) } : null,
        timeoutMs: p.timeoutUs / 1000,
        split: p.split ? { canaryInstances: p.split.canaryInstances, canaryPercent: r.canaryPercent } : null,
        ...(p.headerRoute ? { headerRoute: p.headerRoute } : {}),
        ...(p.mirror && r.mirror ? { mirror: { ...p.mirror, ...r.mirror } } : {}),
        outliers: p.outlierDetection
          ? { ...p.outlierDetection, instances: Object.entries(r.outliers).map(([id, o]) => ({ instance: Number(id), ...o })) }
          : null,
        strip: r.strip,
        counts: r.counts,
        latenciesUs: r.latenciesUs,
        pending: state.requests.length,
      };
    }
    return base;
  },

  monitors(config, nodeCount, run) {
    return [meshMonitor(config, nodeCount, run.topology)];
  },
};

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/** The limiter's headroom as of its last admission (views carry no clock). */
function headroomNow(r: NonNullable<MeshState['route']>, p: ReturnType<typeof policyOf>): number {
  return headroom(r.limiter!, p.rateLimit!, r.limiter!.sinceUs);
}
