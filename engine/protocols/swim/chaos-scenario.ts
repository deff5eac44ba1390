import type { TimedAction } from '../../kernel/actions';
import { RandomStream } from '../../kernel/random';
import { chaosTimeline } from '../../scenario/chaos';
import { defaultScenario, type Scenario } from '../../scenario/schema';
import { configureSwim } from './config';
import { settleUs } from './monitor';

/**
 * The seeded chaotic run of the SWIM tests (chaos.test.ts, mutation.test.ts): everything follows
 * from the seed. 4 to 8 members with memberlist's timings scaled down tenfold (a 100 ms period),
 * loss and duplication, the random nemesis (crashes, restarts, partitions, one-way cuts, loss
 * bursts) for a few seconds, then a heal. Half the runs without Lifeguard. After the heal one
 * member crashes for good and, in a third of the runs, another leaves, so completeness is judged
 * on failed members as well as on live ones once the run has settled (monitor.ts settleUs).
 */
export const CHAOS_CONFIG = {
  probeIntervalMs: 100,
  probeTimeoutMs: 50,
  gossipIntervalMs: 20,
  gossipToTheDeadMs: 3000,
  pushPullIntervalMs: 1000,
  reconnectIntervalMs: 1000,
};

export function swimChaosScenario(seed: number): Scenario {
  const random = RandomStream.derive(seed, 'swim-chaos');
  const nodes = random.int(4, 8);
  const lifeguard = seed % 2 === 0;
  const config = { ...CHAOS_CONFIG, lifeguard };
  const activeUs = 3_000_000 + random.int(0, 3) * 1_000_000;
  const chaos = chaosTimeline({ seed, nodes, untilUs: Math.ceil(activeUs / 0.75), meanGapUs: 250_000, baseLossRate: 0.05 });
  const healedAtUs = chaos.healedAtUs;
  const victim = random.int(0, nodes - 1);
  const extra: TimedAction[] = [{ at: healedAtUs + 100_000, action: { kind: 'crash', node: victim }, by: 'nemesis' }];
  if (seed % 3 === 0) {
    const leaver = (victim + 1 + random.int(0, nodes - 2)) % nodes;
    extra.push({ at: healedAtUs + 200_000, action: { kind: 'command', node: leaver, command: { type: 'leave' } }, by: 'nemesis' });
  }
  const lastFault = healedAtUs + 200_000;
  const untilUs = lastFault + settleUs(configureSwim(config), nodes) + 500_000;
  const base = defaultScenario({
    protocol: 'swim',
    nodes,
    seed,
    untilUs,
    config,
    network: { lossRate: 0.05, duplicateRate: 0.02 },
    workload: { kind: 'none' },
  });
  return { ...base, timeline: [...chaos.timeline, ...extra], healedAtUs };
}
