import type { NodeContext, NodeId, Timer } from '../../kernel/protocol';
import type { LocksConfig } from './config';
import { copyTable, entryOf, liveLease, tryAcquire, tryRelease, tryRenew } from './lease-table';
import type { LeaseTable, LocksMessage, RedlockServerState } from './types';

/**
 * One Redlock lock server: a Redis instance holding `SET lock value NX PX ttl`. It knows
 * nothing of the others; the majority is the client's to count (client.ts). Its table is
 * durable (Redis with `appendfsync always`): Redlock's own page warns that a server that
 * restarts empty can grant a lock a majority still holds elsewhere.
 */
type Ctx = NodeContext<LocksMessage>;
const TABLE_KEY = 'leases';

export function initRedlockServer(ctx: Ctx, config: LocksConfig): RedlockServerState {
  const table = copyTable(ctx.durable.get<LeaseTable>(TABLE_KEY) ?? {});
  const state: RedlockServerState = { kind: 'redlock', config, table, expiryTimers: {} };
  // A restart re-arms expiry for what it recovered (a lease already past its end expires at once).
  for (const lock of Object.keys(table)) armExpiry(state, ctx, lock);
  return state;
}

function persist(state: RedlockServerState, ctx: Ctx): void {
  ctx.durable.put(TABLE_KEY, state.table);
}

function armExpiry(state: RedlockServerState, ctx: Ctx, lock: string): void {
  const old = state.expiryTimers[lock];
  if (old !== undefined) ctx.cancelTimer(old);
  delete state.expiryTimers[lock];
  const lease = state.table[lock]?.lease;
  if (!lease) return;
  state.expiryTimers[lock] = ctx.setTimer(Math.max(0, lease.expiresAtUs - ctx.now()), 'expiry', { lock });
}

export function redlockServerMessage(state: RedlockServerState, ctx: Ctx, from: NodeId, msg: LocksMessage): void {
  const now = ctx.now();
  switch (msg.type) {
    case 'Acquire': {
      const lease = tryAcquire(state.table, msg.lock, from, msg.attempt, now, msg.ttlUs, null);
      if (!lease) {
        const live = liveLease(state.table, msg.lock, now)!;
        ctx.send(from, { type: 'Refuse', lock: msg.lock, attempt: msg.attempt, holder: live.holder, remainingUs: live.expiresAtUs - now });
        return;
      }
      persist(state, ctx);
      armExpiry(state, ctx, msg.lock);
      ctx.observe('granted', { lock: msg.lock, client: from, attempt: msg.attempt, token: lease.token, expiresAtUs: lease.expiresAtUs });
      ctx.send(from, { type: 'Grant', lock: msg.lock, attempt: msg.attempt, token: lease.token });
      return;
    }
    case 'Renew': {
      const ok = tryRenew(state.table, msg.lock, from, msg.attempt, now, msg.ttlUs);
      if (ok) {
        persist(state, ctx);
        armExpiry(state, ctx, msg.lock);
        ctx.observe('renewed', { lock: msg.lock, client: from, attempt: msg.attempt, expiresAtUs: state.table[msg.lock]!.lease!.expiresAtUs });
      }
      ctx.send(from, { type: 'Renewed', lock: msg.lock, attempt: msg.attempt, ok });
      return;
    }
    case 'Release': {
      if (tryRelease(state.table, msg.lock, from, msg.attempt)) {
        persist(state, ctx);
        armExpiry(state, ctx, msg.lock);
        ctx.observe('freed', { lock: msg.lock, client: from, attempt: msg.attempt, why: 'released' });
      }
      ctx.send(from, { type: 'Released', lock: msg.lock, attempt: msg.attempt });
      return;
    }
    case 'Fence': {
      // The token the client took from its majority, so that the next majority's grants count above it.
      const entry = entryOf(state.table, msg.lock);
      if (msg.token > entry.counter) {
        entry.counter = msg.token;
        persist(state, ctx);
      }
      ctx.send(from, { type: 'FenceAck', lock: msg.lock, attempt: msg.attempt });
      return;
    }
  }
}

export function redlockServerTimer(state: RedlockServerState, ctx: Ctx, timer: Timer): void {
  if (timer.name !== 'expiry') return;
  const lock = (timer.data as { lock: string }).lock;
  if (state.expiryTimers[lock] !== timer.id) return;
  delete state.expiryTimers[lock];
  const entry = state.table[lock];
  if (!entry?.lease || entry.lease.expiresAtUs > ctx.now()) return;
  ctx.observe('freed', { lock, client: entry.lease.holder, attempt: entry.lease.attempt, why: 'expired' });
  entry.lease = null;
  persist(state, ctx);
}

export function redlockServerView(state: RedlockServerState): Record<string, unknown> {
  const lease = state.table.L?.lease ?? null;
  return { role: 'redlock', ttlUs: state.config.leaseTtlUs, holder: lease?.holder ?? null, expiresAtUs: lease?.expiresAtUs ?? null, token: lease?.token ?? null, counter: state.table.L?.counter ?? 0 };
}
