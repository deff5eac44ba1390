import type { NodeId } from '../../../engine/kernel/protocol';
import type { Micros } from '../../../engine/kernel/time';

/**
 * The shape of the balancer's `view()` (engine/protocols/balancer/balancer.ts) as the page reads
 * it: one of three, by the node's role. The one place that knows its fields; a field of the
 * wrong type reads as absent.
 */
export interface ServerView {
  role: 'server';
  /** 1: normal; above: slow by that factor. */
  slowFactor: number;
  queue: number;
  /** 0: no bound. */
  queueLimit: number;
  busy: number;
  workers: number;
  served: number;
  shed: number;
  /** p99 of its last 50 requests' time with it, arrival to reply; null before any. */
  p99Us: number | null;
}

export interface SeriesPoint {
  atUs: Micros;
  count: number;
  errors: number;
  p50Us: number | null;
  p95Us: number | null;
  p99Us: number | null;
}

export interface BalancerView {
  role: 'balancer';
  algorithm: string;
  algorithmTitle: string;
  /** Forwards in flight per server id. */
  outstanding: Record<string, number>;
  ejected: NodeId[];
  /** Peak EWMA's latency estimate per server id (µs). */
  ewmaUs: Record<string, number>;
  inFlight: number;
  series: SeriesPoint[];
  lastP99Us: number | null;
  recentP99Us: number | null;
  totals: { requests: number; ok: number; errors: number; timeouts: number; shed: number; noServer: number };
  routed: Record<string, number>;
}

export interface ClientView {
  role: 'client';
  balancer: NodeId | null;
  pending: number;
  extraPerSecond: number;
  extraSent: number;
  extraAnswered: number;
}

export type BalancerSystemView = ServerView | BalancerView | ClientView;

const num = (v: unknown, fallback = 0): number => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);
const numOrNull = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const counts = (v: unknown): Record<string, number> => Object.fromEntries(Object.entries(obj(v)).filter(([k, x]) => /^\d+$/.test(k) && typeof x === 'number' && Number.isFinite(x)) as [string, number][]);

/** Reads a node's view; null when the node is down or it is not one of the three. */
export function asBalancerSystemView(view: Record<string, unknown> | null | undefined): BalancerSystemView | null {
  if (!view || typeof view !== 'object') return null;
  if (view.role === 'server') {
    return {
      role: 'server',
      slowFactor: num(view.slowFactor, 1),
      queue: num(view.queue),
      queueLimit: num(view.queueLimit),
      busy: num(view.busy),
      workers: num(view.workers, 1),
      served: num(view.served),
      shed: num(view.shed),
      p99Us: numOrNull(view.p99Us),
    };
  }
  if (view.role === 'balancer') {
    const t = obj(view.totals);
    return {
      role: 'balancer',
      algorithm: typeof view.algorithm === 'string' ? view.algorithm : 'unknown',
      algorithmTitle: typeof view.algorithmTitle === 'string' ? view.algorithmTitle : 'unknown algorithm',
      outstanding: counts(view.outstanding),
      ejected: Array.isArray(view.ejected) ? view.ejected.filter((x): x is number => typeof x === 'number') : [],
      ewmaUs: counts(view.ewmaUs),
      inFlight: num(view.inFlight),
      series: (Array.isArray(view.series) ? view.series : []).map((p) => {
        const o = obj(p);
        return { atUs: num(o.atUs), count: num(o.count), errors: num(o.errors), p50Us: numOrNull(o.p50Us), p95Us: numOrNull(o.p95Us), p99Us: numOrNull(o.p99Us) };
      }),
      lastP99Us: numOrNull(view.lastP99Us),
      recentP99Us: numOrNull(view.recentP99Us),
      totals: { requests: num(t.requests), ok: num(t.ok), errors: num(t.errors), timeouts: num(t.timeouts), shed: num(t.shed), noServer: num(t.noServer) },
      routed: counts(view.routed),
    };
  }
  if (view.role === 'client') {
    return {
      role: 'client',
      balancer: numOrNull(view.balancer),
      pending: num(view.pending),
      extraPerSecond: num(view.extraPerSecond),
      extraSent: num(view.extraSent),
      extraAnswered: num(view.extraAnswered),
    };
  }
  return null;
}

export const asServer = (view: Record<string, unknown> | null | undefined): ServerView | null => {
  const v = asBalancerSystemView(view);
  return v?.role === 'server' ? v : null;
};
export const asBalancer = (view: Record<string, unknown> | null | undefined): BalancerView | null => {
  const v = asBalancerSystemView(view);
  return v?.role === 'balancer' ? v : null;
};
export const asClient = (view: Record<string, unknown> | null | undefined): ClientView | null => {
  const v = asBalancerSystemView(view);
  return v?.role === 'client' ? v : null;
};

/** "230 ms", "1.2 s", "–": a latency for labels. */
export function latencyText(us: number | null): string {
  if (us === null) return 'no requests yet';
  if (us >= 1_000_000) return `${(us / 1_000_000).toFixed(1)} s`;
  return `${Math.round(us / 1000)} ms`;
}
