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
