import type { TimedAction } from '../../kernel/actions';
import { RandomStream } from '../../kernel/random';
import type { Scenario } from '../../scenario/schema';
import { meshChaosScenario } from './chaos-scenario';

/**
 * The seeded chaotic run with the mesh's later features on top (chaos-scenario.ts's runs are
 * left as they were, so their seeds keep catching what they caught): mTLS with a CA and a
 * stranger appended to the topology (their ids come after every other node, so the base run's
 * nemesis is unchanged), certificates of 300-1500 ms, random strict/permissive modes switched
 * by commands, the CA cut off from random workloads for a while; header-tagged requests and
 * header routes, mirrors, leaky buckets and time-based breaker windows drawn per route.
 * Everything follows from the seed (a stream of its own, "mesh-chaos-plus"). Deadline
 * propagation is on in about two runs of three (a stream of its own again, "mesh-chaos-deadlines",
 * so the draws above are what they were before deadlines existed), with or without a client deadline.
 */
export function meshChaosPlusScenario(seed: number): Scenario {
  const base = meshChaosScenario(seed);
  const random = RandomStream.derive(seed, 'mesh-chaos-plus');
  const pick = <T>(xs: readonly T[]): T => xs[random.int(0, xs.length - 1)]!;
  const maybe = <T>(value: () => T): T | null => (random.chance(0.5) ? value() : null);
  const groups = base.topology!.groups;
  const ca = base.nodes;
  const stranger = base.nodes + 1;
  const services = ['frontend', 'checkout', 'payments'] as const;
  const mode = () => pick(['strict', 'permissive'] as const);
  const config = structuredClone(base.protocol.config) as Record<string, unknown> & { routes: Record<string, Record<string, unknown>> };
  config.mtls = { certTtlMs: pick([300, 800, 1500]), rotateAtPercent: pick([50, 80]), retryMs: pick([50, 200]), modes: { frontend: mode(), checkout: mode(), payments: mode() } };
  config.headers = { name: 'x-version', value: 'canary', percent: pick([10, 50]) };
  for (const route of Object.values(config.routes)) {
    const hr = maybe(() => ({ header: 'x-version', value: 'canary', canaryInstances: 1 }));
    if (hr) route.headerRoute = hr;
    const mirror = maybe(() => ({ percent: pick([50, 100]), instances: 1 }));
    if (mirror) route.mirror = mirror;
    if (random.chance(0.4)) route.rateLimit = { algorithm: 'leaky-bucket', ratePerSec: random.int(20, 80), capacity: random.int(0, 5) };
    const breaker = route.breaker as Record<string, unknown> | null;
    if (breaker && random.chance(0.5)) route.breaker = { ...breaker, slidingWindowType: 'TIME_BASED', slidingWindowSize: random.int(1, 3) };
  }
  const first: Record<string, number> = {};
  let id = 0;
  for (const g of groups) {
    first[g.kind] = id;
    id += g.count;
  }
  const count = (kind: string) => groups.find((g) => g.kind === kind)?.count ?? 0;
  const extra: TimedAction[] = [];
  for (let i = 0; i < 3; i++) {
    const service = pick(services);
    const node = first[service]! + random.int(0, count(service) - 1);
    extra.push({ at: random.int(100_000, 3_000_000), action: { kind: 'command', node, command: { type: 'setMtlsMode', mode: mode() } }, by: 'nemesis' });
  }
  for (let i = 0; i < 2; i++) {
    const node = random.int(0, base.nodes - 1);
    const at = random.int(200_000, 3_000_000);
    extra.push({ at, action: { kind: 'cut', from: ca, to: node, oneWay: false }, by: 'nemesis' });
    extra.push({ at: at + random.int(500_000, 2_000_000), action: { kind: 'restore', from: ca, to: node, oneWay: false }, by: 'nemesis' });
  }
  const deadlines = RandomStream.derive(seed, 'mesh-chaos-deadlines');
  if (deadlines.chance(0.65)) config.deadlines = deadlines.chance(0.5) ? true : { requestMs: [150, 400, 1000][deadlines.int(0, 2)] };
  return {
    ...base,
    nodes: base.nodes + 2,
    topology: { groups: [...groups, { kind: 'ca', count: 1 }, { kind: 'stranger', count: 1, config: { rps: pick([5, 20]) } }] },
    protocol: { ...base.protocol, config },
    timeline: [...base.timeline, ...extra].sort((a, b) => a.at - b.at),
  };
}
