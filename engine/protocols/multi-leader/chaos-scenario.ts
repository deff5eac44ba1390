import { RandomStream } from '../../kernel/random';
import { chaosTimeline } from '../../scenario/chaos';
import { defaultScenario, type Scenario } from '../../scenario/schema';
import { configureMultiLeader } from './config';

/**
 * The seeded chaotic run of the multi-leader tests (chaos.test.ts, mutation.test.ts,
 * equal-hash.test.ts): 2 to 4 leaders with clocks skewed by up to ±200 ms, client operations
 * every 10-40 ms over 2-4 keys, loss and duplication, and the random nemesis (crashes,
 * partitions, one-way cuts, loss bursts, and pauses in half the seeds) for a few seconds; then a heal, the load turns to
 * reads only, and a quiet stretch long enough for anti-entropy to bring every leader level.
 */
export function multiLeaderChaosScenario(seed: number, activeUs?: number): Scenario {
  const random = RandomStream.derive(seed, 'multi-leader-chaos');
  const nodes = random.int(2, 4);
  const active = activeUs ?? 2_000_000 + random.int(0, 2) * 1_000_000;
  // Half the seeds also pause leaders (a long GC pause: memory kept, handlers held).
  const pauses = random.chance(0.5);
  const chaos = chaosTimeline({ seed, nodes, untilUs: Math.ceil(active / 0.75), meanGapUs: 250_000, baseLossRate: 0.05, pauses });
  const partial = {
    keys: random.int(2, 4),
    opIntervalMs: random.int(10, 40),
    antiEntropyMs: random.int(100, 300),
    clockSkewMs: Array.from({ length: nodes }, () => random.int(-200, 200)),
    quietAfterMs: chaos.healedAtUs / 1000,
  };
  const untilUs = chaos.healedAtUs + 2 * (3 * partial.antiEntropyMs * 1000 + 500_000);
  configureMultiLeader(partial); // a bad draw fails here, not deep in a run
  const base = defaultScenario({
    protocol: 'multi-leader',
    nodes,
    seed,
    untilUs,
    config: partial,
    network: { lossRate: 0.05, duplicateRate: 0.02 },
  });
  return { ...base, timeline: chaos.timeline, healedAtUs: chaos.healedAtUs };
}
