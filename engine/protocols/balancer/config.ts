import { fromMs, type Micros } from '../../kernel/time';
import { nodesOf, type TopologyLayout } from '../../kernel/topology';

/**
 * The load balancer's settings. Servers serve one request at a time per worker from a FIFO
 * queue, with an exponentially distributed service time (an M/M/c server, so tails exist); a
 * slow server takes `slowFactor` times as long. Each balancer node runs one algorithm: the
 * `algorithms` list gives the first balancer the first, the second the second, and so on
 * (round the list), so several algorithms run side by side in one run on the same servers.
 */
export const ALGORITHMS = ['round-robin', 'random', 'least-outstanding', 'two-choices', 'peak-ewma', 'consistent-hash'] as const;
export type Algorithm = (typeof ALGORITHMS)[number];

export const ALGORITHM_TITLES: Readonly<Record<Algorithm, string>> = {
  'round-robin': 'round robin',
  random: 'random',
  'least-outstanding': 'least outstanding',
  'two-choices': 'two random choices',
  'peak-ewma': 'peak EWMA',
  'consistent-hash': 'consistent hashing',
};

export interface BalancerConfig {
  /** One algorithm per balancer node, in balancer order (round the list). */
  algorithms: Algorithm[];
  /**
   * 'shared': every balancer sends to every server (they meet in the servers' queues, as
   * sidecar balancers do). 'split': the servers are dealt in equal blocks, one per balancer
   * (B1 gets S1-S4, B2 S5-S8), so each algorithm's latency is its own: an A/B comparison.
   */
  pools: 'shared' | 'split';
  /** Mean service time of a healthy server. */
  serviceUs: Micros;
  /** Requests a server serves at once. */
  workers: number;
  /** Requests a server holds waiting beyond those in service; past it, it sheds (answers "overloaded"). 0: no bound. */
  queueLimit: number;
  /** Servers (node ids) slow from the start, and by how much a slow server's service time grows. */
  slowServers: number[];
  slowFactor: number;
  /** How long a balancer waits for a server before it answers the client "timeout". */
  forwardTimeoutUs: Micros;
  /** How long a client waits for its balancer (one try: a client never changes balancer). */
  clientTimeoutUs: Micros;
  /**
   * Passive health checking (Envoy's outlier detection): after this many failures in a row
   * (timeouts or sheds) a balancer ejects the server for `ejectUs`; 0: never eject.
   */
  ejectAfterFailures: number;
  ejectUs: Micros;
  /** Peak EWMA's decay time (Finagle's and Linkerd's default is 10 s) and the RTT it assumes of a server it never heard from (Linkerd's default_rtt). */
  ewmaDecayUs: Micros;
  ewmaDefaultRttUs: Micros;
  /** Virtual nodes per server on the consistent-hash ring. */
  vnodes: number;
  /** The default workload: a request every `intervalUs` to a client drawn at random, for one of `keys` keys. */
  intervalUs: Micros;
  keys: number;
  /** Width of one bucket of a balancer's latency series (percentiles over time). */
  bucketUs: Micros;
}

const KNOWN = new Set([
  'algorithms', 'pools', 'serviceMs', 'workers', 'queueLimit', 'slowServers', 'slowFactor', 'forwardTimeoutMs', 'clientTimeoutMs',
  'ejectAfterFailures', 'ejectMs', 'ewmaDecayMs', 'ewmaDefaultRttMs', 'vnodes', 'intervalMs', 'keys', 'bucketMs',
]);

function num(raw: Record<string, unknown>, key: string, fallback: number, min: number, max: number, integer = false): number {
  const value = raw[key] ?? fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || (integer && !Number.isInteger(value))) {
    throw new RangeError(`${key} must be a ${integer ? 'whole number' : 'number'}`);
  }
  if (value < min || value > max) throw new RangeError(`${key} must be between ${min} and ${max}, got ${value}`);
  return value;
}

function isAlgorithm(a: unknown): a is Algorithm {
  return typeof a === 'string' && (ALGORITHMS as readonly string[]).includes(a);
}

/** Fills defaults and rejects nonsense with a RangeError naming the field. */
export function configureBalancer(input: unknown): BalancerConfig {
  if (input !== undefined && (typeof input !== 'object' || input === null || Array.isArray(input))) {
    throw new RangeError('balancer config must be an object');
  }
  const raw = (input ?? {}) as Record<string, unknown>;
  for (const key of Object.keys(raw)) if (!KNOWN.has(key)) throw new RangeError(`${key.slice(0, 40)} is not a balancer setting`);
  const algorithms = raw.algorithms ?? ['round-robin', 'two-choices'];
  if (!Array.isArray(algorithms) || algorithms.length === 0 || algorithms.length > 16 || !algorithms.every(isAlgorithm)) {
    throw new RangeError(`algorithms must be a list of 1 to 16 of ${ALGORITHMS.join(', ')}`);
  }
  const slowServers = raw.slowServers ?? [];
  if (!Array.isArray(slowServers) || slowServers.length > 64 || !slowServers.every((s) => Number.isSafeInteger(s) && (s as number) >= 0)) {
    throw new RangeError('slowServers must be a list of node ids');
  }
  const forwardTimeoutMs = num(raw, 'forwardTimeoutMs', 1000, 1, 600_000);
  const clientTimeoutMs = num(raw, 'clientTimeoutMs', 1500, 1, 600_000);
  if (clientTimeoutMs < forwardTimeoutMs) {
    throw new RangeError(`clientTimeoutMs must be at least forwardTimeoutMs (${forwardTimeoutMs}), got ${clientTimeoutMs}`);
  }
  const pools = raw.pools ?? 'shared';
  if (pools !== 'shared' && pools !== 'split') throw new RangeError('pools must be "shared" or "split"');
  return {
    algorithms: [...algorithms],
    pools,
    serviceUs: fromMs(num(raw, 'serviceMs', 20, 0.1, 60_000)),
    workers: num(raw, 'workers', 1, 1, 64, true),
    queueLimit: num(raw, 'queueLimit', 0, 0, 100_000, true),
    slowServers: [...new Set(slowServers as number[])].sort((a, b) => a - b),
    slowFactor: num(raw, 'slowFactor', 5, 1, 1000),
    forwardTimeoutUs: fromMs(forwardTimeoutMs),
    clientTimeoutUs: fromMs(clientTimeoutMs),
    ejectAfterFailures: num(raw, 'ejectAfterFailures', 0, 0, 1000, true),
    ejectUs: fromMs(num(raw, 'ejectMs', 3000, 1, 600_000)),
    ewmaDecayUs: fromMs(num(raw, 'ewmaDecayMs', 10_000, 1, 600_000)),
    ewmaDefaultRttUs: fromMs(num(raw, 'ewmaDefaultRttMs', 30, 0.1, 60_000)),
    vnodes: num(raw, 'vnodes', 64, 1, 1024, true),
    intervalUs: fromMs(num(raw, 'intervalMs', 20, 0.1, 60_000)),
    keys: num(raw, 'keys', 100, 1, 100_000, true),
    bucketUs: fromMs(num(raw, 'bucketMs', 500, 10, 60_000)),
  };
}

/** Slow servers must be servers of the scenario. */
export function checkBalancerScenario(config: BalancerConfig, { topology }: { topology: TopologyLayout }): void {
  const servers = nodesOf(topology, 'server');
  const balancers = nodesOf(topology, 'balancer');
  if (config.pools === 'split' && servers.length < balancers.length) {
    throw new RangeError(`pools "split" needs at least one server per balancer (${balancers.length}), got ${servers.length}`);
  }
  for (const s of config.slowServers) {
    if (!servers.includes(s)) throw new RangeError(`slowServers names node ${s}, which is not a server`);
  }
}

/** The balancer a client sends to: clients are dealt round the balancers in order. */
export function balancerOfClient(clients: readonly number[], balancers: readonly number[], client: number): number | null {
  const i = clients.indexOf(client);
  if (i < 0 || balancers.length === 0) return null;
  return balancers[i % balancers.length]!;
}

/** The servers balancer `balancer` sends to: all of them, or its block when the pools are split (the last block takes the rest). */
export function serversOf(config: BalancerConfig, servers: readonly number[], balancers: readonly number[], balancer: number): number[] {
  if (config.pools === 'shared' || balancers.length <= 1) return [...servers];
  const k = Math.max(0, balancers.indexOf(balancer));
  const per = Math.max(1, Math.floor(servers.length / balancers.length));
  return servers.slice(k * per, k === balancers.length - 1 ? servers.length : (k + 1) * per);
}

/** The algorithm balancer `balancer` runs: the list dealt round the balancers in order. */
export function algorithmOf(config: BalancerConfig, balancers: readonly number[], balancer: number): Algorithm {
  const i = Math.max(0, balancers.indexOf(balancer));
  return config.algorithms[i % config.algorithms.length]!;
}

/** The default workload's key names. */
export function keyName(i: number): string {
  return `user:${i + 1}`;
}
