import { fromMs, type Micros } from '../../kernel/time';

/**
 * The store's settings. N, R and W are Dynamo's (§4.5): N replicas per key, a get waits for R
 * answers, a put for W acknowledgements; the paper's common setting is (3, 2, 2).
 */
export interface DynamoConfig {
  n: number;
  r: number;
  w: number;
  /** Virtual nodes (tokens) per node on the ring (§4.2). */
  vnodes: number;
  /** How long the coordinator waits for one replica before trying a stand-in (sloppy) and suspecting it. */
  replicaTimeoutUs: Micros;
  /** How long a client operation may take before the coordinator answers it failed. */
  operationTimeoutUs: Micros;
  /** Sloppy quorum with hinted handoff (§4.6); off: only the key's first N nodes ever hold it. */
  sloppy: boolean;
  /** Read repair (§5): after a get, replicas that answered with stale versions are sent the reconciled ones. */
  readRepair: boolean;
  /** How often a node holding hinted replicas tries to hand them to their intended node. */
  handoffIntervalUs: Micros;
  /** How often a node compares Merkle trees with a random peer (§4.7); 0: never. */
  antiEntropyIntervalUs: Micros;
  /** Vector clocks keep at most this many entries (§4.4: "say 10"). */
  clockLimit: number;
  /** The default workload's keys: "user:1" .. "user:K". */
  keys: number;
  /** Share of the default workload's operations that are gets (the rest are read-modify-write updates). */
  readFraction: number;
  /**
   * How many nodes (S1..Sm) are on the ring at the start; the rest are spares that can join
   * (membership.ts, §4.9). Null: all of them, and the ring changes only by join/leave commands.
   */
  initialMembers: number | null;
}

export const DYNAMO_PRESETS = {
  '3-2-2': { n: 3, r: 2, w: 2 },
  '3-1-1': { n: 3, r: 1, w: 1 },
  '3-3-1': { n: 3, r: 3, w: 1 },
  '3-1-3': { n: 3, r: 1, w: 3 },
} as const;

function int(raw: Record<string, unknown>, key: string, fallback: number, min: number, max: number): number {
  const value = raw[key] ?? fallback;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new RangeError(`${key} must be a whole number`);
  if (value < min || value > max) throw new RangeError(`${key} must be between ${min} and ${max}, got ${value}`);
  return value;
}

function num(raw: Record<string, unknown>, key: string, fallback: number, min: number, max: number): number {
  const value = raw[key] ?? fallback;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new RangeError(`${key} must be a number`);
  if (value < min || value > max) throw new RangeError(`${key} must be between ${min} and ${max}, got ${value}`);
  return value;
}

function bool(raw: Record<string, unknown>, key: string, fallback: boolean): boolean {
  const value = raw[key] ?? fallback;
  if (typeof value !== 'boolean') throw new RangeError(`${key} must be true or false`);
  return value;
}

const KNOWN = new Set([
  'preset', 'n', 'r', 'w', 'vnodes', 'replicaTimeoutMs', 'operationTimeoutMs', 'sloppy', 'readRepair',
  'handoffIntervalMs', 'antiEntropyIntervalMs', 'clockLimit', 'keys', 'readFraction', 'initialMembers',
]);

/** Fills defaults and rejects nonsense with a RangeError naming the field (R > N, W = 0, ...). */
export function configureDynamo(input: unknown): DynamoConfig {
  if (input !== undefined && (typeof input !== 'object' || input === null || Array.isArray(input))) {
    throw new RangeError('dynamo config must be an object');
  }
  const given = (input ?? {}) as Record<string, unknown>;
  for (const key of Object.keys(given)) if (!KNOWN.has(key)) throw new RangeError(`${key} is not a dynamo setting`);
  let raw = given;
  if (given.preset !== undefined) {
    const preset = DYNAMO_PRESETS[given.preset as keyof typeof DYNAMO_PRESETS];
    if (typeof given.preset !== 'string' || !Object.hasOwn(DYNAMO_PRESETS, given.preset) || !preset) {
      throw new RangeError(`preset must be one of ${Object.keys(DYNAMO_PRESETS).join(', ')}`);
    }
    raw = { ...preset, ...given };
  }
  const n = int(raw, 'n', 3, 1, 16);
  const r = int(raw, 'r', 2, 1, 16);
  const w = int(raw, 'w', 2, 1, 16);
  if (r > n) throw new RangeError(`r must be at most n (${n}), got ${r}`);
  if (w > n) throw new RangeError(`w must be at most n (${n}), got ${w}`);
  const replicaTimeoutMs = num(raw, 'replicaTimeoutMs', 60, 1, 60_000);
  const operationTimeoutMs = num(raw, 'operationTimeoutMs', 300, 1, 600_000);
  if (operationTimeoutMs < replicaTimeoutMs) {
    throw new RangeError(`operationTimeoutMs must be at least replicaTimeoutMs (${replicaTimeoutMs}), got ${operationTimeoutMs}`);
  }
  return {
    n,
    r,
    w,
    vnodes: int(raw, 'vnodes', 8, 1, 256),
    replicaTimeoutUs: fromMs(replicaTimeoutMs),
    operationTimeoutUs: fromMs(operationTimeoutMs),
    sloppy: bool(raw, 'sloppy', true),
    readRepair: bool(raw, 'readRepair', true),
    handoffIntervalUs: fromMs(num(raw, 'handoffIntervalMs', 500, 1, 600_000)),
    antiEntropyIntervalUs: fromMs(num(raw, 'antiEntropyIntervalMs', 1000, 0, 600_000)),
    clockLimit: int(raw, 'clockLimit', 10, 1, 1000),
    keys: int(raw, 'keys', 8, 1, 1000),
    readFraction: num(raw, 'readFraction', 0.5, 0, 1),
    initialMembers: raw.initialMembers === undefined || raw.initialMembers === null ? null : int(raw, 'initialMembers', 0, 1, 256),
  };
}

/** Settings that must agree with the scenario: N replicas need N nodes. */
export function checkDynamoScenario(config: DynamoConfig, scenario: { nodes: number }): void {
  if (config.n > scenario.nodes) throw new RangeError(`n must be at most the number of nodes (${scenario.nodes}), got ${config.n}`);
  const members = config.initialMembers;
  if (members !== null && (members > scenario.nodes || members < config.n)) {
    throw new RangeError(`initialMembers must be between n (${config.n}) and the number of nodes (${scenario.nodes}), got ${members}`);
  }
}

/** The key names of the default workload. */
export function keyName(i: number): string {
  return `user:${i + 1}`;
}
