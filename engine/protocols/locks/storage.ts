import type { NodeContext, NodeId } from '../../kernel/protocol';
import type { LocksConfig } from './config';
import type { LocksMessage, StorageState } from './types';

/**
 * The storage node the lock protects (Kleppmann, "How to do distributed locking", 2016: the
 * fencing token check lives here, not in the lock service). With fencing on it remembers the
 * highest token it has seen per lock, durably, and refuses any lower one; with fencing off it
 * takes every write, from whoever believes it holds the lock.
 */
type Ctx = NodeContext<LocksMessage>;
const HIGHEST_KEY = 'highest';
const RECENT = 8;

export function initStorage(ctx: Ctx, config: LocksConfig): StorageState {
  return { kind: 'storage', config, highest: { ...(ctx.durable.get<Record<string, number>>(HIGHEST_KEY) ?? {}) }, accepted: 0, refused: 0, recent: [] };
}

export function storageMessage(state: StorageState, ctx: Ctx, from: NodeId, msg: LocksMessage): void {
  if (msg.type !== 'Write') return;
  const highest = state.highest[msg.lock] ?? 0;
  const ok = !state.config.fencing || msg.token >= highest;
  state.recent.push({ client: from, token: msg.token, value: msg.value, ok, atUs: ctx.now() });
  if (state.recent.length > RECENT) state.recent.shift();
  if (!ok) {
    state.refused++;
    ctx.observe('writeRefused', { lock: msg.lock, client: from, token: msg.token, highest });
    ctx.send(from, { type: 'WriteRefused', lock: msg.lock, token: msg.token, attempt: msg.attempt, highest });
    return;
  }
  state.accepted++;
  if (msg.token > highest) {
    state.highest[msg.lock] = msg.token;
    ctx.durable.put(HIGHEST_KEY, state.highest);
  }
  ctx.observe('writeAccepted', { lock: msg.lock, client: from, attempt: msg.attempt, token: msg.token, value: msg.value, highest: Math.max(highest, msg.token) });
  ctx.send(from, { type: 'WriteAck', lock: msg.lock, token: msg.token, attempt: msg.attempt });
}

export function storageView(state: StorageState): Record<string, unknown> {
  return { role: 'storage', fencing: state.config.fencing, highest: state.highest.L ?? 0, accepted: state.accepted, refused: state.refused, recent: state.recent.map((w) => ({ ...w })) };
}
