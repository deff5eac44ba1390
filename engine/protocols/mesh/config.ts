import { fromMs, type Micros } from '../../kernel/time';
import { RESILIENCE4J_BREAKER, type BreakerConfig } from './breaker';
import type { RateLimitConfig } from './limits';
import type { MtlsConfig, MtlsMode } from './mtls';
import { LINKERD_BUDGET, RESILIENCE4J_RETRY, SRE_THROTTLE, type BudgetConfig, type RetryConfig, type ThrottleConfig } from './retry';

/**
 * The mesh's services and settings. Three services call each other in a chain, each its own
 * kind of node (so instances are named FE1, CO2, PAY3): clients call frontend, frontend calls
 * checkout, checkout calls payments. A route is "caller>callee" by service ("client" for the
 * clients); its policies (timeout, breaker, retries and their brakes, bulkhead, rate limit) live
 * in the calling node's sidecar. `policy` applies to every route; `routes` overrides per route.
 */
export const SERVICES = ['frontend', 'checkout', 'payments'] as const;
export type Service = (typeof SERVICES)[number];
export type Caller = Service | 'client';
/** Every kind of node: the callers, the registry, the mesh CA (mTLS) and a stranger (a workload outside the mesh). */
export type MeshKind = Caller | 'registry' | 'ca' | 'stranger';

/** Who each caller calls (payments calls nobody). */
export const DOWNSTREAM: Readonly<Record<Caller, Service | null>> = { client: 'frontend', frontend: 'checkout', checkout: 'payments', payments: null };

export const ROUTES = ['client>frontend', 'frontend>checkout', 'checkout>payments'] as const;
export type Route = (typeof ROUTES)[number];

export function routeOf(caller: Caller): Route | null {
  const callee = DOWNSTREAM[caller];
  return callee === null ? null : (`${caller}>${callee}` as Route);
}

export function isService(kind: string): kind is Service {
  return (SERVICES as readonly string[]).includes(kind);
}

export interface RoutePolicy {
  /** Per attempt: the sidecar gives up on an attempt after this long. */
  timeoutUs: Micros;
  breaker: BreakerConfig | null;
  retry: RetryConfig | null;
  budget: BudgetConfig | null;
  throttle: ThrottleConfig | null;
  /** Calls in flight at once on this route (resilience4j's bulkhead: 25). */
  bulkhead: { maxConcurrentCalls: number } | null;
  rateLimit: RateLimitConfig | null;
  /** Envoy's outlier detection (consecutive 5xx): null when off. */
  outlierDetection: OutlierConfig | null;
  /**
   * A weighted split (Istio's VirtualService weights): the callee's last `canaryInstances`
   * instances run the new version and get `canaryPercent`% of the calls; null: no split.
   */
  split: { canaryInstances: number; canaryPercent: number } | null;
  /**
   * Header-based routing (an Istio VirtualService `match` on a header): requests carrying
   * `header: value` go to the callee's last `canaryInstances` instances whatever the split says;
   * on a route without a split the other requests stay off those instances (the default route).
   */
  headerRoute: { header: string; value: string; canaryInstances: number } | null;
  /**
   * Traffic mirroring (Istio's `mirror` with `mirrorPercentage`): a copy of `percent`% of the
   * attempts goes to the callee's last `instances` instances (the shadow, which gets no live
   * traffic); the shadow's replies are counted and discarded.
   */
  mirror: { percent: number; instances: number } | null;
}

/**
 * Envoy's outlier detection on consecutive errors (cluster.OutlierDetection): after
 * `consecutive5xx` failed calls in a row (errors, overloads, timeouts) an instance is ejected
 * for `baseEjectionTime` times the number of times it was ejected; the sweep every `interval`
 * brings back those whose time is up; at most `maxEjectionPercent` of the instances (at least
 * one) are ejected at once. Defaults: 5, 10 s, 30 s, 10%.
 */
export interface OutlierConfig {
  consecutive5xx: number;
  intervalUs: Micros;
  baseEjectionTimeUs: Micros;
  maxEjectionPercent: number;
}

export interface ServiceSettings {
  /** Mean time an instance works on one call before answering (or calling downstream). */
  serviceUs: Micros;
  /** Calls an instance works on at once (its worker threads). */
  workers: number;
  /** Calls waiting for a worker; beyond it the instance answers "overloaded" at once. */
  queueLimit: number;
}

export interface MeshConfig {
  /** Each client's offered load: requests per second, Poisson arrivals. */
  clientRps: number;
  /** Instances heartbeat the registry this often (Consul's TTL check pattern). */
  heartbeatUs: Micros;
  /** The registry drops an instance whose last heartbeat is older than this. */
  ttlUs: Micros;
  /** How often the registry looks for expired leases. */
  sweepUs: Micros;
  services: Record<Service, ServiceSettings>;
  policy: RoutePolicy;
  routes: Partial<Record<Route, RoutePolicy>>;
  /** Mutual TLS with a mesh CA (mtls.ts); null: off (calls carry no certificate). */
  mtls: MtlsConfig | null;
  /** A share of the clients' requests carries a header (for header-based routing); null: none do. */
  headers: { name: string; value: string; percent: number } | null;
  /** Deadline propagation (gRPC's); null: off (calls carry no deadline, as before it existed). */
  deadlines: DeadlineConfig | null;
}

/**
 * Deadline propagation as gRPC does it (grpc.io, "Deadlines"; Envoy's
 * x-envoy-expected-rq-timeout-ms): every `Call` carries the absolute instant after which its
 * caller no longer waits for it: the sooner of the request's deadline and the attempt's own
 * timeout. An instance never starts a call whose deadline has passed (it drops it, `expired`),
 * and the calls it makes for that work inherit the deadline, so no hop works, queues or retries
 * for a caller that gave up. `requestUs`: the clients' own deadline for a whole request, retries
 * included (null: each attempt's timeout is the deadline).
 */
export interface DeadlineConfig {
  requestUs: Micros | null;
}

export const NO_POLICY: RoutePolicy = { timeoutUs: 1_000_000, breaker: null, retry: null, budget: null, throttle: null, bulkhead: null, rateLimit: null, outlierDetection: null, split: null, headerRoute: null, mirror: null };

export function policyOf(config: MeshConfig, route: Route): RoutePolicy {
  return config.routes[route] ?? config.policy;
}

type Raw = Record<string, unknown>;

function num(raw: Raw, key: string, fallback: number, min: number, max: number, where: string, integer = false): number {
  const value = raw[key] ?? fallback;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new RangeError(`${where}${key} must be a number`);
  if (value < min || value > max) throw new RangeError(`${where}${key} must be between ${min} and ${max}, got ${value}`);
  if (integer && !Number.isInteger(value)) throw new RangeError(`${where}${key} must be a whole number`);
  return value;
}

/** A short header name or value: letters, digits and dashes. */
function text(raw: Raw, key: string, fallback: string, where: string): string {
  const value = raw[key] ?? fallback;
  if (typeof value !== 'string' || !/^[A-Za-z0-9-]{1,40}$/.test(value)) throw new RangeError(`${where}${key} must be 1 to 40 letters, digits or dashes`);
  return value;
}

function object(value: unknown, where: string): Raw {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new RangeError(`${where} must be an object`);
  return value as Raw;
}

function onlyKeys(raw: Raw, keys: readonly string[], where: string): void {
  for (const k of Object.keys(raw)) if (!keys.includes(k)) throw new RangeError(`${where} has no setting "${k.slice(0, 40)}"`);
}

/** `true` takes the defaults, an object overrides some, null/false/absent turns it off. */
function optional<T>(value: unknown, where: string, parse: (raw: Raw, where: string) => T): T | null {
  if (value === undefined || value === null || value === false) return null;
  return parse(value === true ? {} : object(value, where), `${where}.`);
}

const BREAKER_KEYS = ['slidingWindowType', 'failureRateThreshold', 'slowCallRateThreshold', 'slowCallDurationThresholdMs', 'slidingWindowSize', 'minimumNumberOfCalls', 'waitDurationInOpenStateMs', 'permittedNumberOfCallsInHalfOpenState'];

function parseBreaker(raw: Raw, where: string): BreakerConfig {
  onlyKeys(raw, BREAKER_KEYS, where);
  const d = RESILIENCE4J_BREAKER;
  const type = raw.slidingWindowType ?? 'COUNT_BASED';
  if (type !== 'COUNT_BASED' && type !== 'TIME_BASED') throw new RangeError(`${where}slidingWindowType must be "COUNT_BASED" or "TIME_BASED"`);
  return {
    // Only a time-based window says so: count-based configs stay what they always were.
    ...(type === 'TIME_BASED' ? { slidingWindowType: type } : {}),
    failureRateThreshold: num(raw, 'failureRateThreshold', d.failureRateThreshold, 1, 100, where),
    slowCallRateThreshold: num(raw, 'slowCallRateThreshold', d.slowCallRateThreshold, 1, 100, where),
    slowCallDurationThresholdUs: fromMs(num(raw, 'slowCallDurationThresholdMs', d.slowCallDurationThresholdUs / 1000, 1, 600_000, where)),
    slidingWindowSize: num(raw, 'slidingWindowSize', d.slidingWindowSize, 1, 1000, where, true),
    minimumNumberOfCalls: num(raw, 'minimumNumberOfCalls', d.minimumNumberOfCalls, 1, 1000, where, true),
    waitDurationInOpenStateUs: fromMs(num(raw, 'waitDurationInOpenStateMs', d.waitDurationInOpenStateUs / 1000, 1, 600_000, where)),
    permittedNumberOfCallsInHalfOpenState: num(raw, 'permittedNumberOfCallsInHalfOpenState', d.permittedNumberOfCallsInHalfOpenState, 1, 1000, where, true),
  };
}

function parseRetry(raw: Raw, where: string): RetryConfig {
  onlyKeys(raw, ['maxAttempts', 'waitDurationMs', 'multiplier', 'maxWaitMs', 'jitter'], where);
  const d = RESILIENCE4J_RETRY;
  const jitter = raw.jitter ?? d.jitter;
  if (jitter !== 'none' && jitter !== 'full' && jitter !== 'decorrelated') throw new RangeError(`${where}jitter must be "none", "full" or "decorrelated"`);
  return {
    maxAttempts: num(raw, 'maxAttempts', d.maxAttempts, 1, 10, where, true),
    waitDurationUs: fromMs(num(raw, 'waitDurationMs', d.waitDurationUs / 1000, 0, 60_000, where)),
    multiplier: num(raw, 'multiplier', d.multiplier, 1, 10, where),
    maxWaitUs: fromMs(num(raw, 'maxWaitMs', d.maxWaitUs / 1000, 0, 600_000, where)),
    jitter,
  };
}

function parseBudget(raw: Raw, where: string): BudgetConfig {
  onlyKeys(raw, ['retryRatio', 'minRetriesPerSecond', 'ttlMs'], where);
  const d = LINKERD_BUDGET;
  return {
    retryRatio: num(raw, 'retryRatio', d.retryRatio, 0, 10, where),
    minRetriesPerSecond: num(raw, 'minRetriesPerSecond', d.minRetriesPerSecond, 0, 1000, where),
    ttlUs: fromMs(num(raw, 'ttlMs', d.ttlUs / 1000, 1, 600_000, where)),
  };
}

function parseThrottle(raw: Raw, where: string): ThrottleConfig {
  onlyKeys(raw, ['k', 'windowMs', 'countAt'], where);
  const countAt = raw.countAt ?? 'send';
  if (countAt !== 'send' && countAt !== 'outcome') throw new RangeError(`${where}countAt must be "send" or "outcome"`);
  return {
    k: num(raw, 'k', SRE_THROTTLE.k, 1, 10, where),
    windowUs: fromMs(num(raw, 'windowMs', SRE_THROTTLE.windowUs / 1000, 1000, 600_000, where, true)),
    ...(countAt === 'outcome' ? { atOutcome: true as const } : {}),
  };
}

function parseRateLimit(raw: Raw, where: string): RateLimitConfig {
  const algorithm = raw.algorithm ?? 'token-bucket';
  if (algorithm === 'token-bucket') {
    onlyKeys(raw, ['algorithm', 'ratePerSec', 'burst'], where);
    return { algorithm, ratePerSec: num(raw, 'ratePerSec', 50, 1, 100_000, where, true), burst: num(raw, 'burst', 50, 1, 100_000, where, true) };
  }
  if (algorithm === 'leaky-bucket') {
    onlyKeys(raw, ['algorithm', 'ratePerSec', 'capacity'], where);
    return { algorithm, ratePerSec: num(raw, 'ratePerSec', 50, 1, 1_000_000, where, true), capacity: num(raw, 'capacity', 10, 0, 100_000, where, true) };
  }
  if (algorithm === 'fixed-window' || algorithm === 'sliding-window') {
    onlyKeys(raw, ['algorithm', 'limit', 'windowMs'], where);
    return { algorithm, limit: num(raw, 'limit', 50, 1, 100_000, where, true), windowUs: fromMs(num(raw, 'windowMs', 1000, 1, 600_000, where, true)) };
  }
  throw new RangeError(`${where}algorithm must be "token-bucket", "leaky-bucket", "fixed-window" or "sliding-window"`);
}

function parseOutlier(raw: Raw, where: string): OutlierConfig {
  onlyKeys(raw, ['consecutive5xx', 'intervalMs', 'baseEjectionTimeMs', 'maxEjectionPercent'], where);
  return {
    consecutive5xx: num(raw, 'consecutive5xx', 5, 1, 1000, where, true),
    intervalUs: fromMs(num(raw, 'intervalMs', 10_000, 1, 600_000, where, true)),
    baseEjectionTimeUs: fromMs(num(raw, 'baseEjectionTimeMs', 30_000, 1, 600_000, where, true)),
    maxEjectionPercent: num(raw, 'maxEjectionPercent', 10, 0, 100, where),
  };
}

function parsePolicy(raw: Raw, where: string, base: RoutePolicy): RoutePolicy {
  onlyKeys(raw, ['timeoutMs', 'breaker', 'retry', 'budget', 'throttle', 'bulkhead', 'rateLimit', 'outlierDetection', 'split', 'headerRoute', 'mirror'], where);
  const has = (k: string) => Object.prototype.hasOwnProperty.call(raw, k);
  return {
    timeoutUs: has('timeoutMs') ? fromMs(num(raw, 'timeoutMs', 0, 1, 600_000, where)) : base.timeoutUs,
    breaker: has('breaker') ? optional(raw.breaker, `${where}breaker`, parseBreaker) : base.breaker,
    retry: has('retry') ? optional(raw.retry, `${where}retry`, parseRetry) : base.retry,
    budget: has('budget') ? optional(raw.budget, `${where}budget`, parseBudget) : base.budget,
    throttle: has('throttle') ? optional(raw.throttle, `${where}throttle`, parseThrottle) : base.throttle,
    bulkhead: has('bulkhead')
      ? optional(raw.bulkhead, `${where}bulkhead`, (r, w) => {
          onlyKeys(r, ['maxConcurrentCalls'], w);
          return { maxConcurrentCalls: num(r, 'maxConcurrentCalls', 25, 1, 10_000, w, true) };
        })
      : base.bulkhead,
    rateLimit: has('rateLimit') ? optional(raw.rateLimit, `${where}rateLimit`, parseRateLimit) : base.rateLimit,
    outlierDetection: has('outlierDetection') ? optional(raw.outlierDetection, `${where}outlierDetection`, parseOutlier) : base.outlierDetection,
    split: has('split')
      ? optional(raw.split, `${where}split`, (r, w) => {
          onlyKeys(r, ['canaryInstances', 'canaryPercent'], w);
          return { canaryInstances: num(r, 'canaryInstances', 1, 1, 100, w, true), canaryPercent: num(r, 'canaryPercent', 5, 0, 100, w, true) };
        })
      : base.split,
    headerRoute: has('headerRoute')
      ? optional(raw.headerRoute, `${where}headerRoute`, (r, w) => {
          onlyKeys(r, ['header', 'value', 'canaryInstances'], w);
          return { header: text(r, 'header', 'x-version', w), value: text(r, 'value', 'canary', w), canaryInstances: num(r, 'canaryInstances', 1, 1, 100, w, true) };
        })
      : base.headerRoute,
    mirror: has('mirror')
      ? optional(raw.mirror, `${where}mirror`, (r, w) => {
          onlyKeys(r, ['percent', 'instances'], w);
          return { percent: num(r, 'percent', 100, 0, 100, w, true), instances: num(r, 'instances', 1, 1, 100, w, true) };
        })
      : base.mirror,
  };
}

const SERVICE_DEFAULTS: Record<Service, { serviceMs: number; workers: number; queueLimit: number }> = {
  frontend: { serviceMs: 2, workers: 32, queueLimit: 200 },
  checkout: { serviceMs: 5, workers: 16, queueLimit: 200 },
  payments: { serviceMs: 10, workers: 8, queueLimit: 200 },
};

export function parseServiceSettings(raw: Raw, where: string, d: { serviceMs: number; workers: number; queueLimit: number }): ServiceSettings {
  onlyKeys(raw, ['serviceMs', 'workers', 'queueLimit'], where);
  return {
    serviceUs: fromMs(num(raw, 'serviceMs', d.serviceMs, 0.001, 60_000, where)),
    workers: num(raw, 'workers', d.workers, 1, 1000, where, true),
    queueLimit: num(raw, 'queueLimit', d.queueLimit, 0, 100_000, where, true),
  };
}

function parseMtls(raw: Raw, where: string): MtlsConfig {
  onlyKeys(raw, ['certTtlMs', 'rotateAtPercent', 'retryMs', 'modes'], where);
  const modesRaw = object(raw.modes ?? {}, `${where}modes`);
  onlyKeys(modesRaw, SERVICES, `${where}modes`);
  const modes = Object.fromEntries(
    SERVICES.map((s) => {
      const m = modesRaw[s] ?? 'permissive';
      if (m !== 'strict' && m !== 'permissive') throw new RangeError(`${where}modes.${s} must be "strict" or "permissive"`);
      return [s, m as MtlsMode];
    }),
  ) as Record<Service, MtlsMode>;
  return {
    certTtlUs: fromMs(num(raw, 'certTtlMs', 20_000, 100, 86_400_000, where, true)),
    rotateAtPercent: num(raw, 'rotateAtPercent', 50, 1, 99, where, true),
    retryUs: fromMs(num(raw, 'retryMs', 1000, 10, 600_000, where, true)),
    modes,
  };
}

export function configureMesh(input: unknown): MeshConfig {
  const raw = object(input ?? {}, 'the mesh config');
  onlyKeys(raw, ['clientRps', 'heartbeatMs', 'ttlMs', 'sweepMs', 'services', 'policy', 'routes', 'mtls', 'headers', 'deadlines'], 'the mesh config');
  const servicesRaw = object(raw.services ?? {}, 'services');
  onlyKeys(servicesRaw, SERVICES, 'services');
  const services = Object.fromEntries(
    SERVICES.map((s) => [s, parseServiceSettings(object(servicesRaw[s] ?? {}, `services.${s}`), `services.${s}.`, SERVICE_DEFAULTS[s])]),
  ) as Record<Service, ServiceSettings>;
  const policy = parsePolicy(object(raw.policy ?? {}, 'policy'), 'policy.', NO_POLICY);
  const routesRaw = object(raw.routes ?? {}, 'routes');
  onlyKeys(routesRaw, ROUTES, 'routes');
  const routes: Partial<Record<Route, RoutePolicy>> = {};
  for (const r of ROUTES) if (routesRaw[r] !== undefined) routes[r] = parsePolicy(object(routesRaw[r], `routes.${r}`), `routes.${r}.`, policy);
  const heartbeatMs = num(raw, 'heartbeatMs', 1000, 10, 600_000, '');
  return {
    clientRps: num(raw, 'clientRps', 50, 0, 5000, ''),
    heartbeatUs: fromMs(heartbeatMs),
    ttlUs: fromMs(num(raw, 'ttlMs', 3 * heartbeatMs, heartbeatMs, 600_000, '')),
    sweepUs: fromMs(num(raw, 'sweepMs', 500, 10, 600_000, '')),
    services,
    policy,
    routes,
    mtls: optional(raw.mtls, 'mtls', parseMtls),
    headers: optional(raw.headers, 'headers', (r, w) => {
      onlyKeys(r, ['name', 'value', 'percent'], w);
      return { name: text(r, 'name', 'x-version', w), value: text(r, 'value', 'canary', w), percent: num(r, 'percent', 10, 0, 100, w) };
    }),
    deadlines: optional(raw.deadlines, 'deadlines', (r, w) => {
      onlyKeys(r, ['requestMs'], w);
      return { requestUs: r.requestMs === undefined || r.requestMs === null ? null : fromMs(num(r, 'requestMs', 0, 1, 600_000, w)) };
    }),
  };
}
