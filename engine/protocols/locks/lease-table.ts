import type { Micros } from '../../kernel/time';
import type { Lease, LeaseTable, LockEntry } from './types';

/**
 * The lease rules both kinds of lock server apply (a Redlock server to its own table at its own
 * clock, the consensus group to its replicated table at the entry's proposal time): Redis's
 * `SET key value NX PX ttl`, its renewal by the same value, and its compare-and-delete release.
 */
export function entryOf(table: LeaseTable, lock: string): LockEntry {
  return (table[lock] ??= { lease: null, counter: 0 });
}

/** The live lease of `lock` at `nowUs`, or null when there is none or it has run out. */
export function liveLease(table: LeaseTable, lock: string, nowUs: Micros): Lease | null {
  const lease = table[lock]?.lease ?? null;
  return lease && lease.expiresAtUs > nowUs ? lease : null;
}

/**
 * SET NX PX: grants when nobody holds a live lease (or the asker already does, for this very
 * attempt: a duplicated request), with the next token. Returns the lease granted, or null.
 * `token` is the consensus log index; a Redlock server passes null and counts its own grants.
 */
export function tryAcquire(table: LeaseTable, lock: string, client: number, attempt: number, nowUs: Micros, ttlUs: Micros, token: number | null): Lease | null {
  const entry = entryOf(table, lock);
  const live = liveLease(table, lock, nowUs);
  if (live) return live.holder === client && live.attempt === attempt ? live : null;
  const next = token ?? entry.counter + 1;
  entry.counter = Math.max(entry.counter, next);
  entry.lease = { holder: client, attempt, expiresAtUs: nowUs + ttlUs, token: next };
  return entry.lease;
}

/** Extends the lease if `client`'s attempt still holds it live; false otherwise (it ran out: acquire again). */
export function tryRenew(table: LeaseTable, lock: string, client: number, attempt: number, nowUs: Micros, ttlUs: Micros): boolean {
  const live = liveLease(table, lock, nowUs);
  if (!live || live.holder !== client || live.attempt !== attempt) return false;
  live.expiresAtUs = nowUs + ttlUs;
  return true;
}

/** Deletes the lease only if it is `client`'s attempt's (Redlock's compare-and-delete script). */
export function tryRelease(table: LeaseTable, lock: string, client: number, attempt: number): boolean {
  const entry = table[lock];
  if (!entry?.lease || entry.lease.holder !== client || entry.lease.attempt !== attempt) return false;
  entry.lease = null;
  return true;
}

export function copyTable(table: LeaseTable): LeaseTable {
  const out: LeaseTable = {};
  for (const [lock, e] of Object.entries(table)) out[lock] = { counter: e.counter, lease: e.lease ? { ...e.lease } : null };
  return out;
}
