/**
 * The mesh's node views as the page reads them (engine/protocols/mesh/mesh.ts `view`): every
 * field read defensively, a wrong type reading as absent.
 */
export type BreakerState = 'closed' | 'open' | 'half-open';
export type StripCode = 'ok' | 'fail' | 'timeout' | 'rejected';

export interface BreakerView {
  state: BreakerState;
  /** Percent, or -1 below the minimum number of calls. */
  failureRate: number;
  slowCallRate: number;
  calls: number;
  openedAtUs: number;
  permitted: number;
  transitions: number;
  failureRateThreshold: number;
  slowCallRateThreshold: number;
  slidingWindowSize: number;
  minimumNumberOfCalls: number;
  waitDurationInOpenStateUs: number;
  permittedNumberOfCallsInHalfOpenState: number;
}

export interface RouteView {
  route: string;
  callee: string;
  endpoints: number[];
  breaker: BreakerView | null;
  inFlight: number;
  bulkhead: number | null;
  rateLimit: { algorithm: string; headroom: number | null; text: string } | null;
  retry: { maxAttempts: number; jitter: string } | null;
  budget: { retryRatio: number; recentRetries: number; recentRequests: number } | null;
  throttle: { k: number; requests: number; accepts: number } | null;
  timeoutMs: number;
  strip: StripCode[];
  counts: { requests: number; ok: number; failed: number; attempts: number; okAttempts: number; errors: number; timeouts: number; retries: number; rejected: Record<string, number> };
  latenciesUs: number[];
  pending: number;
  split: { canaryInstances: number; canaryPercent: number } | null;
  headerRoute: { header: string; value: string; canaryInstances: number } | null;
  mirror: { percent: number; instances: number; sent: number; ok: number; failed: number } | null;
  outliers: { consecutive5xx: number; baseEjectionTimeUs: number; maxEjectionPercent: number; intervalUs: number; instances: { instance: number; consecutive: number; ejectedUntilUs: number | null; ejections: number }[] } | null;
}

export interface InstanceView {
  service: string;
  slowFactor: number;
  failPercent: number;
  busy: number;
  workers: number;
  queue: number;
  queueLimit: number;
  served: number;
  overloaded: number;
  /** Calls dropped unstarted because their deadline had passed; null when deadline propagation is off. */
  expired: number | null;
}

/** mTLS as a workload sees it: its certificate, and (instances) its mode and verdicts. */
export interface TlsView {
  mode: 'strict' | 'permissive' | null;
  requesting: boolean;
  cert: { serial: number; issuedAtMs: number; expiresAtMs: number } | null;
  accepted: { mutual: number; plaintext: number; refused: number };
}

export interface MeshView {
  kind: string;
  tls: TlsView | null;
  stranger: boolean;
  ca: { issued: number } | null;
  instance: InstanceView | null;
  client: { rps: number; issued: number } | null;
  registry: { table: Record<string, { instance: number; expiresAtUs: number }[]>; watchers: Record<string, number[]> } | null;
  route: RouteView | null;
}

type Raw = Record<string, unknown>;
const obj = (v: unknown): Raw | null => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Raw) : null);
const num = (v: unknown, d = 0): number => (typeof v === 'number' && Number.isFinite(v) ? v : d);
const str = (v: unknown, d = ''): string => (typeof v === 'string' ? v : d);
const nums = (v: unknown): number[] => (Array.isArray(v) ? v.filter((x): x is number => typeof x === 'number') : []);
const CODES: readonly StripCode[] = ['ok', 'fail', 'timeout', 'rejected'];
const STATES: readonly BreakerState[] = ['closed', 'open', 'half-open'];

function breaker(v: unknown): BreakerView | null {
  const b = obj(v);
  const c = obj(b?.config);
  if (!b || !c) return null;
  const state = STATES.find((s) => s === b.state) ?? 'closed';
  return {
    state,
    failureRate: num(b.failureRate, -1),
    slowCallRate: num(b.slowCallRate, -1),
    calls: num(b.calls),
    openedAtUs: num(b.openedAtUs),
    permitted: num(b.permitted),
    transitions: num(b.transitions),
    failureRateThreshold: num(c.failureRateThreshold, 50),
    slowCallRateThreshold: num(c.slowCallRateThreshold, 100),
    slidingWindowSize: num(c.slidingWindowSize, 100),
    minimumNumberOfCalls: num(c.minimumNumberOfCalls, 100),
    waitDurationInOpenStateUs: num(c.waitDurationInOpenStateUs),
    permittedNumberOfCallsInHalfOpenState: num(c.permittedNumberOfCallsInHalfOpenState, 10),
  };
}

function rateLimit(v: unknown): RouteView['rateLimit'] {
  const r = obj(v);
  if (!r) return null;
  const algorithm = str(r.algorithm, 'token-bucket');
  const text = algorithm === 'token-bucket' ? `token bucket, ${num(r.ratePerSec)}/s, burst ${num(r.burst)}` : algorithm === 'leaky-bucket' ? `leaky bucket, ${num(r.ratePerSec)}/s, queue ${num(r.capacity)}` : `${algorithm.replace('-', ' ')}, ${num(r.limit)} per ${num(r.windowUs) / 1000} ms`;
  return { algorithm, headroom: typeof r.headroom === 'number' ? r.headroom : null, text };
}

function outliers(v: unknown): RouteView['outliers'] {
  const o = obj(v);
  if (!o) return null;
  const instances = Array.isArray(o.instances)
    ? o.instances.flatMap((x) => {
        const i = obj(x);
        return i ? [{ instance: num(i.instance), consecutive: num(i.consecutive), ejectedUntilUs: typeof i.ejectedUntilUs === 'number' ? i.ejectedUntilUs : null, ejections: num(i.ejections) }] : [];
      })
    : [];
  return { consecutive5xx: num(o.consecutive5xx, 5), baseEjectionTimeUs: num(o.baseEjectionTimeUs), maxEjectionPercent: num(o.maxEjectionPercent, 10), intervalUs: num(o.intervalUs), instances };
}

function route(v: unknown): RouteView | null {
  const r = obj(v);
  if (!r || typeof r.route !== 'string') return null;
  const c = obj(r.counts) ?? {};
  const rejected = obj(c.rejected) ?? {};
  const retry = obj(r.retry);
  const budget = obj(r.budget);
  const throttle = obj(r.throttle);
  return {
    route: r.route,
    callee: str(r.callee),
    endpoints: nums(r.endpoints),
    breaker: breaker(r.breaker),
    inFlight: num(r.inFlight),
    bulkhead: typeof r.bulkhead === 'number' ? r.bulkhead : null,
    rateLimit: rateLimit(r.rateLimit),
    retry: retry ? { maxAttempts: num(retry.maxAttempts, 1), jitter: str(retry.jitter, 'none') } : null,
    budget: budget ? { retryRatio: num(budget.retryRatio), recentRetries: num(budget.recentRetries), recentRequests: num(budget.recentRequests) } : null,
    throttle: throttle ? { k: num(throttle.k, 2), requests: num(throttle.requests), accepts: num(throttle.accepts) } : null,
    timeoutMs: num(r.timeoutMs),
    strip: Array.isArray(r.strip) ? r.strip.filter((x): x is StripCode => CODES.includes(x as StripCode)) : [],
    counts: {
      requests: num(c.requests),
      ok: num(c.ok),
      failed: num(c.failed),
      attempts: num(c.attempts),
      okAttempts: num(c.okAttempts),
      errors: num(c.errors),
      timeouts: num(c.timeouts),
      retries: num(c.retries),
      rejected: Object.fromEntries(Object.entries(rejected).map(([k, x]) => [k, num(x)])),
    },
    latenciesUs: nums(r.latenciesUs),
    pending: num(r.pending),
    outliers: outliers(r.outliers),
    headerRoute: obj(r.headerRoute) ? { header: str(obj(r.headerRoute)!.header), value: str(obj(r.headerRoute)!.value), canaryInstances: num(obj(r.headerRoute)!.canaryInstances, 1) } : null,
    mirror: obj(r.mirror)
      ? { percent: num(obj(r.mirror)!.percent), instances: num(obj(r.mirror)!.instances, 1), sent: num(obj(r.mirror)!.sent), ok: num(obj(r.mirror)!.ok), failed: num(obj(r.mirror)!.failed) }
      : null,
    split: obj(r.split) ? { canaryInstances: num(obj(r.split)!.canaryInstances, 1), canaryPercent: num(obj(r.split)!.canaryPercent) } : null,
  };
}

export function asMeshView(view: Record<string, unknown> | null | undefined): MeshView | null {
  const v = obj(view);
  const p = obj(v?.protocol) ?? v;
  if (!p || typeof p.kind !== 'string') return null;
  const i = obj(p.instance);
  const health = obj(i?.health) ?? {};
  const c = obj(p.client);
  const reg = obj(p.registry);
  const table: Record<string, { instance: number; expiresAtUs: number }[]> = {};
  const watchers: Record<string, number[]> = {};
  if (reg) {
    for (const [service, entries] of Object.entries(obj(reg.table) ?? {})) {
      table[service] = Array.isArray(entries) ? entries.flatMap((e) => (obj(e) ? [{ instance: num(obj(e)!.instance), expiresAtUs: num(obj(e)!.expiresAtUs) }] : [])) : [];
    }
    for (const [service, ids] of Object.entries(obj(reg.watchers) ?? {})) watchers[service] = nums(ids);
  }
  const t = obj(p.tls);
  const cert = obj(t?.cert);
  const acc = obj(t?.accepted) ?? {};
  return {
    kind: p.kind,
    tls: t
      ? {
          mode: t.mode === 'strict' || t.mode === 'permissive' ? t.mode : null,
          requesting: t.requesting === true,
          cert: cert ? { serial: num(cert.serial), issuedAtMs: num(cert.issuedAtMs), expiresAtMs: num(cert.expiresAtMs) } : null,
          accepted: { mutual: num(acc.mutual), plaintext: num(acc.plaintext), refused: num(acc.refused) },
        }
      : null,
    stranger: p.stranger === true,
    ca: obj(p.ca) ? { issued: num(obj(p.ca)!.issued) } : null,
    instance: i
      ? { service: str(i.service), slowFactor: num(health.slowFactor, 1), failPercent: num(health.failPercent), busy: num(i.busy), workers: num(i.workers, 1), queue: num(i.queue), queueLimit: num(i.queueLimit), served: num(i.served), overloaded: num(i.overloaded), expired: typeof i.expired === 'number' ? i.expired : null }
      : null,
    client: c ? { rps: num(c.rps), issued: num(c.issued) } : null,
    registry: reg ? { table, watchers } : null,
    route: route(p.route),
  };
}

/** "checkout>payments" as words: "checkout to payments". */
export const routeWords = (route: string) => route.replace('>', ' to ');

/** A rate in percent for people: "42% failures", or "too few calls" below the minimum. */
export function failureWords(b: BreakerView): string {
  if (b.failureRate < 0) return `${b.calls} of ${b.state === 'half-open' ? b.permittedNumberOfCallsInHalfOpenState : b.minimumNumberOfCalls} calls needed`;
  return `${Math.round(b.failureRate)}% failures`;
}

/** Nearest-rank percentile in ms, or null. */
export function percentileMs(latenciesUs: readonly number[], p: number): number | null {
  if (latenciesUs.length === 0) return null;
  const sorted = [...latenciesUs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]! / 1000;
}

/** Whether a workload's certificate is valid at `nowMs` ("no certificate" when it has none). */
export function certWords(tls: TlsView, nowMs: number): string {
  if (!tls.cert) return tls.requesting ? 'no certificate yet' : 'no certificate';
  const left = tls.cert.expiresAtMs - nowMs;
  return left > 0 ? `certificate #${tls.cert.serial}, ${(left / 1000).toFixed(1)} s left` : `certificate #${tls.cert.serial} expired`;
}
