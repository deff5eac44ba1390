import { ballotLabel, NO_BALLOT } from '../../../engine/protocols/paxos/ballot';
import { nodeName } from '../../store/store';

/**
 * The shape of Multi-Paxos' `view()` (engine/protocols/multi-paxos/multi-paxos.ts) as the page
 * reads it: a server's or a client's. A field of the wrong type reads as absent.
 */
export type SlotState = 'applied' | 'chosen' | 'accepted' | 'empty';

export interface SlotView {
  slot: number;
  state: SlotState;
  ballot: number | null;
  /** What the slot holds: a write, a read or a no-op. */
  value: { kind: string; key?: string; value?: number; op?: number } | null;
}

export interface ServerView {
  kind: 'server';
  role: 'follower' | 'candidate' | 'leader';
  ballot: number;
  promised: number;
  leader: number | null;
  leaderBallot: number;
  firstUnchosen: number;
  nextSlot: number;
  kv: Record<string, number>;
  slots: SlotView[];
  waiting: number;
}

export interface ClientView {
  kind: 'client';
  preferred: number | null;
  pending: { opId: number; command: { type: string; key?: string; value?: number }; server: number; attempt: number }[];
}

export type MultiPaxosView = ServerView | ClientView;

const num = (v: unknown, fallback = 0): number => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);
const numOrNull = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const obj = (v: unknown): Record<string, unknown> | null => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null);
const STATES: readonly SlotState[] = ['applied', 'chosen', 'accepted', 'empty'];

function slotOf(v: unknown): SlotView | null {
  const s = obj(v);
  if (!s || typeof s.slot !== 'number') return null;
  const value = obj(s.value);
  return {
    slot: s.slot,
    state: STATES.includes(s.state as SlotState) ? (s.state as SlotState) : 'empty',
    ballot: numOrNull(s.ballot),
    value: value && typeof value.kind === 'string' ? { kind: value.kind, key: typeof value.key === 'string' ? value.key : undefined, value: numOrNull(value.value) ?? undefined, op: numOrNull(value.op) ?? undefined } : null,
  };
}

export function asMultiPaxosView(view: Record<string, unknown> | null | undefined): MultiPaxosView | null {
  if (!view) return null;
  if (view.kind === 'client') {
    const pending = Array.isArray(view.pending) ? view.pending.map(obj).filter((p): p is Record<string, unknown> => p !== null) : [];
    return {
      kind: 'client',
      preferred: numOrNull(view.preferred),
      pending: pending.map((p) => {
        const c = obj(p.command) ?? {};
        return {
          opId: num(p.opId),
          command: { type: String(c.type ?? '?'), key: typeof c.key === 'string' ? c.key : undefined, value: numOrNull(c.value) ?? undefined },
          server: num(p.server),
          attempt: num(p.attempt, 1),
        };
      }),
    };
  }
  if (view.kind !== 'server') return null;
  const role = view.role === 'leader' || view.role === 'candidate' ? view.role : 'follower';
  const kv: Record<string, number> = {};
  const rawKv = obj(view.kv) ?? {};
  for (const [k, v] of Object.entries(rawKv)) if (typeof v === 'number' && k !== '__proto__') kv[k] = v;
  return {
    kind: 'server',
    role,
    ballot: num(view.ballot),
    promised: num(view.promised),
    leader: numOrNull(view.leader),
    leaderBallot: num(view.leaderBallot),
    firstUnchosen: num(view.firstUnchosen),
    nextSlot: num(view.nextSlot),
    kv,
    slots: Array.isArray(view.slots) ? view.slots.map(slotOf).filter((s): s is SlotView => s !== null) : [],
    waiting: num(view.waiting),
  };
}

export function asServerView(view: Record<string, unknown> | null | undefined): ServerView | null {
  const v = asMultiPaxosView(view);
  return v?.kind === 'server' ? v : null;
}

export function ballotText(ballot: number): string {
  return ballot === NO_BALLOT ? 'none' : ballotLabel(ballot, nodeName);
}

/** "w k1=12", "r k2", "no-op". */
export function commandText(value: SlotView['value']): string {
  if (!value) return '–';
  if (value.kind === 'noop') return 'no-op';
  if (value.kind === 'write') return `w ${value.key ?? 'x'}=${value.value ?? '?'}`;
  if (value.kind === 'read') return `r ${value.key ?? 'x'}`;
  return value.kind;
}
