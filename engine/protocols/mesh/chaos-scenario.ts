import type { TimedAction } from '../../kernel/actions';
import { RandomStream } from '../../kernel/random';
import { chaosTimeline } from '../../scenario/chaos';
import { defaultScenario, type Scenario } from '../../scenario/schema';

/**
 * The seeded chaotic run of the mesh tests (chaos.test.ts, mutation.test.ts, the equal-hash
 * test): everything follows from the seed. A small mesh (1-2 frontends, 1-2 checkouts, 2-3
 * payments, 1-2 clients, a registry) with every policy drawn on or off per route and set small
 * enough to act within seconds (breaker windows of 5-20 calls, bulkheads of 2-6, rate limits of
 * 20-80 per second with each algorithm), instances made slow or failing at random, the random
 * nemesis (crashes, restarts, partitions, cuts, loss bursts) for a few seconds, then a heal.
 */
export function meshChaosScenario(seed: number): Scenario {
  const random = RandomStream.derive(seed, 'mesh-chaos');
  const counts = { frontend: random.int(1, 2), checkout: random.int(1, 2), payments: random.int(2, 3), client: random.int(1, 2), registry: 1 };
  const groups = Object.entries(counts).map(([kind, count]) => ({ kind, count }));
  const nodes = groups.reduce((n, g) => n + g.count, 0);
  const pick = <T>(xs: readonly T[]): T => xs[random.int(0, xs.length - 1)]!;
  const maybe = <T>(value: () => T): T | null => (random.chance(0.6) ? value() : null);
  const policy = () => ({
    timeoutMs: pick([50, 100, 300]),
    breaker: maybe(() => ({ slidingWindowSize: random.int(5, 20), minimumNumberOfCalls: random.int(3, 10), failureRateThreshold: pick([20, 50]), slowCallRateThreshold: pick([50, 100]), slowCallDurationThresholdMs: pick([20, 60]), waitDurationInOpenStateMs: pick([100, 300, 1000]), permittedNumberOfCallsInHalfOpenState: random.int(1, 4) })),
    retry: maybe(() => ({ maxAttempts: random.int(2, 4), waitDurationMs: pick([0, 5, 20]), jitter: pick(['none', 'full', 'decorrelated']) })),
    budget: maybe(() => ({ retryRatio: pick([0.1, 0.2]), minRetriesPerSecond: pick([1, 10]), ttlMs: 1000 })),
    throttle: maybe(() => ({ k: pick([1.5, 2]), windowMs: 2000 })),
    bulkhead: maybe(() => ({ maxConcurrentCalls: random.int(2, 6) })),
    rateLimit: maybe(() =>
      pick([
        { algorithm: 'token-bucket', ratePerSec: random.int(20, 80), burst: random.int(1, 10) },
        { algorithm: 'fixed-window', limit: random.int(2, 10), windowMs: 100 },
        { algorithm: 'sliding-window', limit: random.int(2, 10), windowMs: 100 },
      ]),
    ),
    split: maybe(() => ({ canaryInstances: 1, canaryPercent: pick([0, 0, 5, 50, 100]) })),
    outlierDetection: maybe(() => ({ consecutive5xx: random.int(1, 5), intervalMs: pick([50, 200]), baseEjectionTimeMs: pick([100, 500]), maxEjectionPercent: pick([10, 50, 100]) })),
  });
  const config = {
    clientRps: random.int(20, 80),
    heartbeatMs: 100,
    ttlMs: 300,
    sweepMs: 50,
    services: { payments: { serviceMs: pick([5, 10, 20]), workers: random.int(1, 3), queueLimit: random.int(2, 20) } },
    routes: { 'client>frontend': policy(), 'frontend>checkout': policy(), 'checkout>payments': policy() },
  };
  const activeUs = 3_000_000;
  const chaos = chaosTimeline({ seed, nodes, untilUs: Math.ceil(activeUs / 0.75), meanGapUs: 300_000, baseLossRate: 0.02 });
  const firstPayment = counts.frontend + counts.checkout;
  const health: TimedAction[] = [];
  for (let i = 0; i < 3; i++) {
    const node = firstPayment + random.int(0, counts.payments - 1);
    health.push({ at: random.int(200_000, activeUs), action: { kind: 'command', node, command: { type: 'setHealth', slowFactor: pick([1, 5, 20]), failPercent: pick([0, 30, 100]) } }, by: 'nemesis' });
  }
  health.sort((a, b) => a.at - b.at);
  const base = defaultScenario({
    protocol: 'mesh',
    nodes,
    seed,
    untilUs: chaos.healedAtUs + 1_500_000,
    config,
    topology: { groups },
    network: { latencyUs: { min: 1000, max: 3000 }, lossRate: 0.01 },
    workload: { kind: 'none' },
  });
  const timeline = [...chaos.timeline, ...health].sort((a, b) => a.at - b.at);
  return { ...base, timeline, healedAtUs: chaos.healedAtUs };
}
