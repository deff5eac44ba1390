import type { NodeId } from '../../../engine/kernel/protocol';
import { nodeName } from '../../store/store';

/**
 * The shape of PBFT's `view()` (engine/protocols/pbft/pbft.ts) as the page reads it: the one
 * place that knows its fields. A field of the wrong type reads as absent.
 */
export type SlotPhase = 'pre-prepared' | 'prepared' | 'committed';

export interface PbftSlot {
  seq: number;
  view: number;
  digest: string;
  phase: SlotPhase;
}

export interface ReplicaView {
  role: 'replica';
  view: number;
  primary: NodeId;
  status: 'normal' | 'view-change';
  f: number;
  /** Low and high watermarks (§4.3). */
  h: number;
  H: number;
  lastExecuted: number;
  stableDigest: string;
  slots: PbftSlot[];
  pending: number;
  kv: Record<string, number>;
  viewChangesFor: number;
  replicas: NodeId[];
}

export interface ClientView {
  role: 'client';
  view: number;
  t: number;
  pending: { t: number; op: string; replies: number; broadcast: boolean } | null;
  queued: number;
  f: number;
  replicas: NodeId[];
}

export type PbftView = ReplicaView | ClientView;

const num = (v: unknown, fallback = 0): number => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);
const ids = (v: unknown): NodeId[] => (Array.isArray(v) ? v.filter((x): x is number => typeof x === 'number' && Number.isInteger(x)) : []);
const PHASES: readonly SlotPhase[] = ['pre-prepared', 'prepared', 'committed'];

function opText(op: unknown): string {
  if (!op || typeof op !== 'object') return '?';
  const o = op as Record<string, unknown>;
  const key = typeof o.key === 'string' ? o.key : '?';
  return o.type === 'write' ? `write ${key}=${num(o.value)}` : `read ${key}`;
}

export function asPbftView(view: Record<string, unknown> | null | undefined): PbftView | null {
  if (!view || typeof view !== 'object') return null;
  if (view.role === 'client') {
    const p = view.pending as Record<string, unknown> | null | undefined;
    return {
      role: 'client',
      view: num(view.view),
      t: num(view.t),
      pending: p && typeof p === 'object' ? { t: num(p.t), op: opText(p.op), replies: num(p.replies), broadcast: p.broadcast === true } : null,
      queued: num(view.queued),
      f: num(view.f),
      replicas: ids(view.replicas),
    };
  }
  if (view.role !== 'replica' || !Array.isArray(view.slots)) return null;
  const kv: Record<string, number> = {};
  if (view.kv && typeof view.kv === 'object') for (const [k, v] of Object.entries(view.kv)) if (typeof v === 'number') kv[k] = v;
  return {
    role: 'replica',
    view: num(view.view),
    primary: num(view.primary, -1),
    status: view.status === 'view-change' ? 'view-change' : 'normal',
    f: num(view.f),
    h: num(view.h),
    H: num(view.H),
    lastExecuted: num(view.lastExecuted),
    stableDigest: typeof view.stableDigest === 'string' ? view.stableDigest : '',
    slots: (view.slots as unknown[]).flatMap((s) => {
      if (!s || typeof s !== 'object') return [];
      const o = s as Record<string, unknown>;
      const phase = PHASES.find((p) => p === o.phase);
      return phase && typeof o.digest === 'string' ? [{ seq: num(o.seq), view: num(o.view), digest: o.digest, phase }] : [];
    }),
    pending: num(view.pending),
    kv,
    viewChangesFor: num(view.viewChangesFor),
    replicas: ids(view.replicas),
  };
}

export const asReplica = (view: Record<string, unknown> | null | undefined): ReplicaView | null => {
  const v = asPbftView(view);
  return v && v.role === 'replica' ? v : null;
};

/** A digest in words: "c5.3" is client C1's request 3; "null~c5.3" the null request a liar put in its place. */
export function digestText(digest: string): string {
  if (digest === 'null') return 'null request';
  const lie = digest.startsWith('null~');
  const m = /^c(\d+)\.(\d+)$/.exec(lie ? digest.slice(5) : digest);
  if (!m) return digest.slice(0, 24);
  const request = `${nodeName(Number(m[1]))}#${m[2]}`;
  return lie ? `null for ${request}` : request;
}

export const PHASE_MARK: Record<SlotPhase, string> = { 'pre-prepared': '○', prepared: '◐', committed: '●' };
export const PHASE_WORD: Record<SlotPhase, string> = { 'pre-prepared': 'pre-prepared', prepared: 'prepared', committed: 'committed' };

/** The replica's current request: the lowest slot not executed yet, else the last one. */
export function currentSlot(v: ReplicaView): PbftSlot | null {
  return v.slots.find((s) => s.seq > v.lastExecuted) ?? null;
}
