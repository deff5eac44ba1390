import { RandomStream } from '../../kernel/random';
import { chaosTimeline } from '../../scenario/chaos';
import { defaultScenario, type Scenario } from '../../scenario/schema';
import { bounces } from '../paxos/bounces';

/**
 * The seeded chaotic run of Multi-Paxos (chaos.test.ts, mutation.test.ts): 3 to 7 servers and 2
 * or 3 clients reading and writing three keys, heavy loss (a tenth of the messages) and duplication, the random nemesis (it
 * crashes and cuts clients too) and bounces of servers (paxos/bounces.ts) for a second or two, then a heal and a quiet second in which
 * the cluster must serve again. Short election timeouts so leaders change often.
 */
export function multiPaxosChaosScenario(seed: number): Scenario {
  const random = RandomStream.derive(seed, 'multi-paxos-chaos');
  const servers = random.int(3, 7);
  const clients = random.int(2, 3);
  const nodes = servers + clients;
  const untilUs = 2_000_000 + random.int(0, 2) * 500_000;
  const chaos = chaosTimeline({ seed, nodes, untilUs, meanGapUs: 120_000, baseLossRate: 0.1 });
  const base = defaultScenario({
    protocol: 'multi-paxos',
    nodes,
    seed,
    untilUs,
    topology: { groups: [{ kind: 'server', count: servers }, { kind: 'client', count: clients }] },
    config: { electionTimeoutMsMin: 60, electionTimeoutMsMax: 120, heartbeatIntervalMs: 40, readFraction: 0.4, kvKeys: 3, workloadIntervalMs: 15 },
    network: { lossRate: 0.1, duplicateRate: 0.03, latencyUs: { min: 5_000, max: 15_000 } },
  });
  const bounced = bounces(random, Array.from({ length: servers }, (_, i) => i), 0, chaos.healedAtUs, 100_000);
  const timeline = [...chaos.timeline, ...bounced].sort((a, b) => a.at - b.at);
  return { ...base, timeline, healedAtUs: chaos.healedAtUs };
}
