import { fromMs, type Micros } from '../../kernel/time';
import { SCHEME_NAMES, type SchemeName } from './placement/scheme';

/**
 * The ring's settings. Users write milliseconds; the protocol keeps microseconds. Every field is
 * plain data, so a scenario file or link carries them.
 */
/** A hash scheme of placement/, or range partitioning (ranges.ts). */
export type RingScheme = SchemeName | 'range';
export const RING_SCHEMES: readonly RingScheme[] = [...SCHEME_NAMES, 'range'];

export interface RingConfig {
  /** How keys are placed on members (placement/, or ranges.ts for 'range'). */
  scheme: RingScheme;
  /** Virtual nodes per member (ring and bounded). */
  vnodes: number;
  /** Bounded loads' c: no member holds more than ceil(c·K/N) keys. */
  loadFactor: number;
  /** Maglev's lookup table size (a prime). */
  maglevTableSize: number;
  /** The key space: keys user:0 .. user:K-1, each present from the start (value null, version 0). */
  keys: number;
  /** How many nodes (S1..Sm) are members at the start; the rest are spares that can join. Null: all. */
  initialMembers: number | null;
  /** Keys per transfer chunk. */
  chunkKeys: number;
  /** Pause between two chunks to the same node, so a migration is watchable (and paced, as real ones are). */
  chunkIntervalUs: Micros;
  /** A chunk not acknowledged after this is sent again (same sequence number: the receiver dedupes). */
  transferRetryUs: Micros;
  /** Each node pushes its membership table to one random peer this often (anti-entropy). */
  gossipIntervalUs: Micros;
  /** A request parked for a key that is on its way gets an error after this long. */
  parkTimeoutUs: Micros;
  /** A request forwarded more than this many times gets an error (views can briefly disagree). */
  maxHops: number;
  /** Bytes a stored value weighs, for "bytes moved" (the key's name is counted too). */
  valueBytes: number;
  /** The default workload's share of gets (the rest are puts). */
  readFraction: number;
  /** The default workload issues one operation this often. */
  workloadIntervalUs: Micros;
  /** The default workload's share of the writes that delete (write null), so ranges can shrink. */
  deleteFraction: number;
  /** Range partitioning: a range holding more written keys than this splits. */
  splitKeys: number;
  /** Range partitioning: two neighbours holding fewer written keys than this together merge. */
  mergeKeys: number;
}

const KNOWN = new Set([
  'scheme', 'vnodes', 'loadFactor', 'maglevTableSize', 'keys', 'initialMembers', 'chunkKeys', 'chunkIntervalMs',
  'transferRetryMs', 'gossipIntervalMs', 'parkTimeoutMs', 'maxHops', 'valueBytes', 'readFraction', 'workloadIntervalMs',
  'deleteFraction', 'splitKeys', 'mergeKeys',
]);

function num(raw: Record<string, unknown>, key: string, fallback: number, min: number, max: number, integer = false): number {
  const value = raw[key] ?? fallback;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new RangeError(`${key} must be a number`);
  if (value < min || value > max) throw new RangeError(`${key} must be between ${min} and ${max}, got ${value}`);
  if (integer && !Number.isInteger(value)) throw new RangeError(`${key} must be a whole number, got ${value}`);
  return value;
}

function isPrime(n: number): boolean {
  if (n < 2) return false;
  for (let d = 2; d * d <= n; d++) if (n % d === 0) return false;
  return true;
}

export function configureRing(raw: unknown): RingConfig {
  if (raw !== undefined && (typeof raw !== 'object' || raw === null || Array.isArray(raw))) throw new RangeError('ring config must be an object');
  const r = (raw ?? {}) as Record<string, unknown>;
  for (const key of Object.keys(r)) if (!KNOWN.has(key)) throw new RangeError(`unknown ring setting "${key}"`);
  const scheme = r.scheme ?? 'ring';
  if (typeof scheme !== 'string' || !(RING_SCHEMES as readonly string[]).includes(scheme)) {
    throw new RangeError(`scheme must be one of ${RING_SCHEMES.join(', ')}`);
  }
  const maglevTableSize = num(r, 'maglevTableSize', 65_537, 3, 1_000_003, true);
  if (!isPrime(maglevTableSize)) throw new RangeError(`maglevTableSize must be prime, got ${maglevTableSize}`);
  const initialMembers = r.initialMembers ?? null;
  if (initialMembers !== null && (typeof initialMembers !== 'number' || !Number.isInteger(initialMembers) || initialMembers < 0 || initialMembers > 128)) {
    throw new RangeError('initialMembers must be null or a whole number from 0 to 128');
  }
  return {
    scheme: scheme as RingScheme,
    vnodes: num(r, 'vnodes', 16, 1, 1024, true),
    loadFactor: num(r, 'loadFactor', 1.25, 1.01, 10),
    maglevTableSize,
    keys: num(r, 'keys', 96, 1, 4096, true),
    initialMembers: initialMembers as number | null,
    chunkKeys: num(r, 'chunkKeys', 4, 1, 4096, true),
    chunkIntervalUs: fromMs(num(r, 'chunkIntervalMs', 40, 0, 60_000)),
    transferRetryUs: fromMs(num(r, 'transferRetryMs', 200, 1, 60_000)),
    gossipIntervalUs: fromMs(num(r, 'gossipIntervalMs', 250, 1, 60_000)),
    parkTimeoutUs: fromMs(num(r, 'parkTimeoutMs', 1000, 1, 600_000)),
    maxHops: num(r, 'maxHops', 6, 1, 64, true),
    valueBytes: num(r, 'valueBytes', 1024, 0, 1 << 24, true),
    readFraction: num(r, 'readFraction', 0.5, 0, 1),
    workloadIntervalUs: fromMs(num(r, 'workloadIntervalMs', 50, 0.1, 60_000)),
    deleteFraction: num(r, 'deleteFraction', 0, 0, 1),
    splitKeys: num(r, 'splitKeys', 24, 1, 1 << 20, true),
    mergeKeys: num(r, 'mergeKeys', 8, 0, 1 << 20, true),
  };
}

export function checkRingScenario(config: RingConfig, scenario: { nodes: number }): void {
  if (config.mergeKeys * 2 > config.splitKeys + 1) {
    throw new RangeError(`mergeKeys (${config.mergeKeys}) must be at most half of splitKeys (${config.splitKeys}), or ranges would split and merge in turn`);
  }
  if (config.initialMembers !== null && config.initialMembers > scenario.nodes) {
    throw new RangeError(`initialMembers (${config.initialMembers}) must not exceed the nodes (${scenario.nodes})`);
  }
}

export function initialMemberCount(config: RingConfig, nodeCount: number): number {
  return config.initialMembers ?? nodeCount;
}
