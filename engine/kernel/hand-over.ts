import { clonePlain } from './plain';

/**
 * Hand-over without a copy (issue 12). The kernel copies what leaves a node (messages, durable
 * writes), as a real network or disk would, so no node can reach another's memory (DESIGN.md
 * invariant 2). A protocol may instead hand a value over: it promises that neither it nor anyone
 * else changes that value, or anything it references, afterwards (fresh objects, and parts that
 * are never changed, such as Raft's log entries). Sharing what nobody changes is as good as a
 * copy, and the copy was the largest cost of a run.
 *
 * The promise is checked where it can be broken cheaply: under the test runner every value
 * handed over is frozen, deeply, so a protocol that changes one afterwards throws at once in
 * its tests. Outside tests nothing is frozen (freezing costs as much as the copy it saves).
 */
export const checkingHandOver: boolean = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.VITEST !== undefined;

/** The value itself; under tests deeply frozen first (see above). */
export function handOver<T>(value: T): T {
  if (checkingHandOver) deepFreeze(value);
  return value;
}

/** What the kernel keeps of a value leaving a node: the value itself if `given` (see above), else a copy. */
export function keptOf<T>(value: T, given: boolean): T {
  return given ? handOver(value) : clonePlain(value);
}

function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const key in value as Record<string, unknown>) deepFreeze((value as Record<string, unknown>)[key]);
}
