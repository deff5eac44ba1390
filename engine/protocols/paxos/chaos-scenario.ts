import type { TimedAction } from '../../kernel/actions';
import { RandomStream } from '../../kernel/random';
import type { TopologySpec } from '../../kernel/topology';
import { chaosTimeline } from '../../scenario/chaos';
import { defaultScenario, type Scenario } from '../../scenario/schema';
import { bounces } from './bounces';

/**
 * The seeded chaotic run of single-decree Paxos (chaos.test.ts, mutation.test.ts). Half the runs
 * use 3 to 7 servers (every one a proposer, acceptor and learner), half separate the roles: 2 or
 * 3 proposer nodes, 3 to 5 acceptors and a learner. Either strategy; loss, duplication, the
 * random nemesis (crashes, restarts, partitions, cuts) and bounces of acceptors (bounces.ts) for
 * a second or two; and users proposing values of their own at random proposers all along, so that
 * ballots keep competing while acceptors crash and come back. Everything follows from the seed.
 */
export function paxosChaosScenario(seed: number): Scenario {
  const random = RandomStream.derive(seed, 'paxos-chaos');
  const separate = random.chance(0.5);
  const groups: TopologySpec['groups'] = separate
    ? [
        { kind: 'proposer', count: random.int(2, 3) },
        { kind: 'acceptor', count: random.int(3, 5) },
        { kind: 'learner', count: 1 },
      ]
    : [{ kind: 'server', count: random.int(3, 7) }];
  const nodes = groups.reduce((n, g) => n + g.count, 0);
  const proposers = separate ? Array.from({ length: groups[0]!.count }, (_, i) => i) : Array.from({ length: nodes }, (_, i) => i);
  const acceptors = separate ? Array.from({ length: groups[1]!.count }, (_, i) => groups[0]!.count + i) : proposers;
  const strategy = random.chance(0.5) ? 'duelling' : 'distinguished';
  const untilUs = 2_000_000 + random.int(0, 2) * 500_000;
  const chaos = chaosTimeline({ seed, nodes, untilUs, meanGapUs: 60_000, baseLossRate: 0.05 });
  const proposals: TimedAction[] = [];
  for (let at = random.int(5_000, 40_000); at < chaos.healedAtUs; at += random.int(5_000, 40_000)) {
    const node = proposers[random.int(0, proposers.length - 1)]!;
    proposals.push({ at, action: { kind: 'command', node, command: { type: 'propose', value: 1000 + proposals.length } }, by: 'nemesis' });
  }
  const bounced = bounces(random, acceptors, 0, chaos.healedAtUs, 15_000);
  const base = defaultScenario({
    protocol: 'paxos',
    nodes,
    seed,
    untilUs,
    topology: { groups },
    config: { strategy, phaseTimeoutMs: 60, backoffMinMs: 10, backoffMaxMs: 80 },
    network: { lossRate: 0.05, duplicateRate: 0.05, latencyUs: { min: 5_000, max: 25_000 } },
    workload: { kind: 'none' },
  });
  // Stable sort: at one instant the nemesis's moves keep their order (a crash before its restart).
  const timeline = [...chaos.timeline, ...bounced, ...proposals].sort((a, b) => a.at - b.at);
  return { ...base, timeline, healedAtUs: chaos.healedAtUs };
}
