import type { NodeId } from '../../../engine/kernel/protocol';

/**
 * The shape of multi-leader replication's `view()` (engine/protocols/multi-leader/) as the page
 * reads it: the one place that knows its fields. A field of the wrong type reads as absent.
 */
export interface LwwView {
  value: number;
  writer: NodeId;
  /** The writer's clock when it stamped the write (virtual µs plus its skew). */
  ts: number;
  id: string;
}

export interface SiblingView {
  value: number;
  writer: NodeId;
  id: string;
}

export interface RegisterView {
  key: string;
  lww: LwwView | null;
  siblings: SiblingView[];
}

export interface LostView {
  key: string;
  id: string;
  value: number;
  writer: NodeId;
  ts: number;
  byId: string;
  byValue: number;
  byWriter: NodeId;
  byTs: number;
  cause: 'stale' | 'concurrent';
  atUs: number;
}

export interface MultiLeaderView {
  skewMs: number;
  registers: RegisterView[];
  counter: { value: number; p: Record<string, number>; n: Record<string, number> };
  cart: string[];
  lost: LostView[];
}

const num = (v: unknown, fallback = 0): number => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const counts = (v: unknown): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const [k, x] of Object.entries(obj(v))) if (typeof x === 'number' && Number.isFinite(x)) out[k] = x;
  return out;
};

/** Reads a multi-leader view out of a node's `view` field; null when it is not one. */
export function asMultiLeaderView(view: Record<string, unknown> | null | undefined): MultiLeaderView | null {
  if (!view || typeof view !== 'object' || !Array.isArray(view.registers)) return null;
  const counter = obj(view.counter);
  return {
    skewMs: num(view.skewMs),
    registers: arr(view.registers).map((r) => {
      const o = obj(r);
      const lww = o.lww === null || typeof o.lww !== 'object' ? null : obj(o.lww);
      return {
        key: str(o.key),
        lww: lww && typeof lww.value === 'number' ? { value: num(lww.value), writer: num(lww.writer), ts: num(lww.ts), id: str(lww.id) } : null,
        siblings: arr(o.siblings).flatMap((s) => {
          const w = obj(s);
          return typeof w.value === 'number' ? [{ value: w.value, writer: num(w.writer), id: str(w.id) }] : [];
        }),
      };
    }),
    counter: { value: num(counter.value), p: counts(counter.p), n: counts(counter.n) },
    cart: arr(view.cart).filter((x): x is string => typeof x === 'string'),
    lost: arr(view.lost).flatMap((l) => {
      const o = obj(l);
      if (typeof o.id !== 'string') return [];
      return [
        {
          key: str(o.key),
          id: o.id,
          value: num(o.value),
          writer: num(o.writer),
          ts: num(o.ts),
          byId: str(o.byId),
          byValue: num(o.byValue),
          byWriter: num(o.byWriter),
          byTs: num(o.byTs),
          cause: o.cause === 'stale' ? ('stale' as const) : ('concurrent' as const),
          atUs: num(o.atUs),
        },
      ];
    }),
  };
}

/** A clock reading as the page prints it: "4.512 s" (ms precision; a skewed clock may read below 0). */
export function clockText(us: number): string {
  return `${(us / 1_000_000).toFixed(3)} s`;
}

/** "+40 ms", "−25 ms", "exact". */
export function skewText(ms: number): string {
  if (ms === 0) return 'exact';
  return `${ms > 0 ? '+' : '−'}${Math.abs(ms)} ms`;
}

/** "k1=12" or "k1 = 12 | 15 (2 siblings)". */
export function siblingsText(r: RegisterView): string {
  if (r.siblings.length === 0) return '—';
  return r.siblings.map((s) => String(s.value)).join(' | ');
}
