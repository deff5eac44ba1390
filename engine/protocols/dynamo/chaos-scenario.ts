import { chaosTimeline } from '../../scenario/chaos';
import { defaultScenario, type Scenario } from '../../scenario/schema';

/** The store settings the chaos runs cycle through (seed % length): the paper's and the partial quorums. */
export const CHAOS_CONFIGS: readonly Record<string, unknown>[] = [
  { preset: '3-2-2' },
  { preset: '3-2-2', sloppy: false },
  { preset: '3-1-1' },
  { preset: '3-3-1', sloppy: false },
  { preset: '3-1-3', sloppy: false, readRepair: false },
  { preset: '3-2-2', readRepair: false, keys: 2 },
];

/**
 * A seeded chaotic run of a 5-node store: crashes (never more than two at once), partitions,
 * one-way cuts and loss bursts for 75% of the run, then a heal; a get or an update every 20 ms
 * over few keys, so writes collide. Everything follows from the seed (and the settings).
 */
export function dynamoChaosScenario(seed: number, config: Record<string, unknown> = CHAOS_CONFIGS[seed % CHAOS_CONFIGS.length]!): Scenario {
  const untilUs = 8_000_000;
  const base = defaultScenario({
    protocol: 'dynamo',
    nodes: 5,
    seed,
    untilUs,
    config: { keys: 4, ...config },
    network: { latencyUs: { min: 5_000, max: 40_000 }, lossRate: 0.02 },
    workload: { kind: 'interval', intervalUs: 20_000 },
  });
  const chaos = chaosTimeline({ seed, nodes: 5, untilUs, meanGapUs: 300_000, baseLossRate: 0.02 });
  return { ...base, timeline: chaos.timeline, healedAtUs: chaos.healedAtUs };
}

/**
 * The same nemesis on six nodes of which four start on the ring, with the ring changing under it
 * (§4.9): two to five joins and leaves at seeded times during the faults, never fewer than N
 * members. Everything follows from the seed.
 */
export function dynamoMembershipChaosScenario(seed: number): Scenario {
  const nodes = 6;
  const untilUs = 8_000_000;
  const base = defaultScenario({
    protocol: 'dynamo',
    nodes,
    seed,
    untilUs,
    config: { keys: 4, ...CHAOS_CONFIGS[seed % CHAOS_CONFIGS.length]!, initialMembers: 4 },
    network: { latencyUs: { min: 5_000, max: 40_000 }, lossRate: 0.02 },
    workload: { kind: 'interval', intervalUs: 20_000 },
  });
  const chaos = chaosTimeline({ seed, nodes, untilUs, meanGapUs: 300_000, baseLossRate: 0.02 });
  // mulberry32: the changes' own seeded stream, apart from the nemesis's.
  let a = (seed ^ 0x9e3779b9) >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  const members = new Set([0, 1, 2, 3]);
  const changes: Scenario['timeline'] = [];
  const count = 2 + Math.floor(next() * 4);
  for (let i = 0; i < count; i++) {
    const at = Math.floor(((i + next()) / count) * chaos.healedAtUs);
    const node = Math.floor(next() * nodes);
    const join = !members.has(node);
    if (!join && members.size <= 3) continue;
    if (join) members.add(node);
    else members.delete(node);
    changes.push({ at, action: { kind: 'command', node, command: { type: join ? 'join' : 'leave' } } });
  }
  const timeline = [...chaos.timeline, ...changes].sort((x, y) => x.at - y.at);
  return { ...base, timeline, healedAtUs: chaos.healedAtUs };
}
