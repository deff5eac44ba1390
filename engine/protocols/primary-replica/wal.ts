import type { DurableStore } from '../../kernel/protocol';
import type { WalEntry } from './types';

/**
 * The write-ahead log kept durable entry by entry (a real WAL is appended and fsynced, never
 * rewritten whole), so a crash keeps it and a restart recovers it, on the primary and on every
 * replica alike.
 */
const LAST_KEY = 'wal/last';
const entryKey = (index: number) => `wal/${index}`;

export function recoverLog(durable: DurableStore): WalEntry[] {
  const last = durable.get<number>(LAST_KEY) ?? 0;
  const log: WalEntry[] = [];
  for (let i = 1; i <= last; i++) {
    const entry = durable.get<WalEntry>(entryKey(i));
    if (!entry) break;
    log.push(entry);
  }
  return log;
}

export function appendEntries(log: WalEntry[], durable: DurableStore, entries: readonly WalEntry[]): void {
  for (const e of entries) {
    log.push(e);
    durable.put(entryKey(e.index), e);
  }
  durable.put(LAST_KEY, log.length);
}

/** Drops every entry after `last` (pg_rewind); returns what was dropped. */
export function truncateAfter(log: WalEntry[], durable: DurableStore, last: number): WalEntry[] {
  const dropped = log.splice(last);
  for (const e of dropped) durable.delete(entryKey(e.index));
  durable.put(LAST_KEY, log.length);
  return dropped;
}

export const lastIndex = (log: readonly WalEntry[]): number => log.length;
export const epochAt = (log: readonly WalEntry[], index: number): number => (index === 0 ? 0 : (log[index - 1]?.epoch ?? -1));

/** The value a read of `key` sees in this log, with the index of the write that made it. */
export function readKey(log: readonly WalEntry[], key: string): { value: number | null; index: number } {
  for (let i = log.length - 1; i >= 0; i--) if (log[i]!.key === key) return { value: log[i]!.value, index: i + 1 };
  return { value: null, index: 0 };
}
