import type { NodeId } from '../../../engine/kernel/protocol';
import type { Micros } from '../../../engine/kernel/time';

/**
 * The shape of the lock service's `view()` (engine/protocols/locks/) as the page reads it: the one
 * place that knows its fields. A field of the wrong type reads as absent.
 */
export type ServerRole = 'redlock' | 'follower' | 'candidate' | 'leader';
export type ClientPhase = 'idle' | 'acquiring' | 'fencing' | 'holding' | 'releasing';

export interface ServerView {
  role: ServerRole;
  holder: NodeId | null;
  expiresAtUs: Micros | null;
  token: number | null;
  counter: number;
  /** The lease length asked for: the bar's full width. */
  ttlUs: Micros;
  /** Consensus only. */
  term: number | null;
  leader: NodeId | null;
  commitIndex: number | null;
}

export interface ClientView {
  role: 'client';
  phase: ClientPhase;
  attempt: number;
  token: number | null;
  /** While it holds: until when its lease arithmetic says the lock is its own. */
  validUntilUs: Micros | null;
  acquiredAtUs: Micros | null;
  writesDone: number;
  lastOutcome: string | null;
}

export interface StorageWrite {
  client: NodeId;
  token: number;
  value: number;
  ok: boolean;
  atUs: Micros;
}

export interface StorageView {
  role: 'storage';
  fencing: boolean;
  highest: number;
  accepted: number;
  refused: number;
  recent: StorageWrite[];
}

export type LocksView = ServerView | ClientView | StorageView;

const num = (v: unknown, fallback = 0): number => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);
const numOrNull = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const SERVER_ROLES: readonly string[] = ['redlock', 'follower', 'candidate', 'leader'];
const PHASES: readonly string[] = ['idle', 'acquiring', 'fencing', 'holding', 'releasing'];

export function asLocksView(view: Record<string, unknown> | null | undefined): LocksView | null {
  if (!view || typeof view !== 'object') return null;
  if (typeof view.role === 'string' && SERVER_ROLES.includes(view.role)) {
    return {
      role: view.role as ServerRole,
      holder: numOrNull(view.holder),
      expiresAtUs: numOrNull(view.expiresAtUs),
      token: numOrNull(view.token),
      counter: num(view.counter),
      ttlUs: num(view.ttlUs, 1),
      term: numOrNull(view.term),
      leader: numOrNull(view.leader),
      commitIndex: numOrNull(view.commitIndex),
    };
  }
  if (view.role === 'client') {
    return {
      role: 'client',
      phase: typeof view.phase === 'string' && PHASES.includes(view.phase) ? (view.phase as ClientPhase) : 'idle',
      attempt: num(view.attempt),
      token: numOrNull(view.token),
      validUntilUs: numOrNull(view.validUntilUs),
      acquiredAtUs: numOrNull(view.acquiredAtUs),
      writesDone: num(view.writesDone),
      lastOutcome: typeof view.lastOutcome === 'string' ? view.lastOutcome : null,
    };
  }
  if (view.role === 'storage') {
    return {
      role: 'storage',
      fencing: view.fencing === true,
      highest: num(view.highest),
      accepted: num(view.accepted),
      refused: num(view.refused),
      recent: (Array.isArray(view.recent) ? view.recent : []).flatMap((w) => {
        const o = (w ?? {}) as Record<string, unknown>;
        return typeof o.client === 'number' ? [{ client: o.client, token: num(o.token), value: num(o.value), ok: o.ok === true, atUs: num(o.atUs) }] : [];
      }),
    };
  }
  return null;
}

export const isServer = (v: LocksView | null): v is ServerView => v !== null && v.role !== 'client' && v.role !== 'storage';
export const isClient = (v: LocksView | null): v is ClientView => v?.role === 'client';
export const isStorage = (v: LocksView | null): v is StorageView => v?.role === 'storage';

/** The lease a server holds for someone at `now`, or null (expired leases are not holders). */
export function liveHolder(v: ServerView, now: Micros): { holder: NodeId; remainingUs: Micros } | null {
  if (v.holder === null || v.expiresAtUs === null || v.expiresAtUs <= now) return null;
  return { holder: v.holder, remainingUs: v.expiresAtUs - now };
}

/** A client's two truths: does it believe it holds the lock, and is its lease actually still valid at `now`? */
export function clientTruth(v: ClientView, now: Micros): { believes: boolean; valid: boolean } {
  const believes = v.phase === 'holding';
  return { believes, valid: believes && v.validUntilUs !== null && now < v.validUntilUs };
}

export const PHASE_WORD: Record<ClientPhase, string> = {
  idle: 'waiting',
  acquiring: 'asking for the lock',
  fencing: 'writing its token back',
  holding: 'holds the lock',
  releasing: 'releasing',
};
