import { RandomStream } from '../../kernel/random';
import { defaultScenario, type Scenario } from '../../scenario/schema';
import { bounces } from '../paxos/bounces';

/**
 * A run built to meet the one moment an acceptor's durable promise matters in Multi-Paxos (Paxos
 * Made Simple §2.3, §3): a server promises a new leader's ballot, bounces (crashes and is back
 * within a message's flight), and then an Accept of the old leader's lower ballot, still in
 * flight, reaches it. Remembering its promise it refuses; forgetting it, it accepts, and the old
 * leader's value may be chosen in a slot where the new leader, whose phase 1 saw nothing there,
 * chooses another. The general chaos (chaos-scenario.ts) rarely lines this up; here everything
 * pushes towards it: three servers, so every acceptor is in every majority; election timeouts
 * barely above the heartbeat, so leaders change all the time; links from 1 to 30 ms, so old
 * Accepts overtake new Prepares; a request every 3 ms; a bounce every 15 ms on average. No loss
 * and no partitions: only the bounces and the races.
 */
export function multiPaxosForgetfulScenario(seed: number): Scenario {
  const random = RandomStream.derive(seed, 'multi-paxos-forgetful');
  const servers = 3;
  const untilUs = 1_500_000;
  const base = defaultScenario({
    protocol: 'multi-paxos',
    nodes: servers + 2,
    seed,
    untilUs,
    topology: { groups: [{ kind: 'server', count: servers }, { kind: 'client', count: 2 }] },
    config: { electionTimeoutMsMin: 12, electionTimeoutMsMax: 30, heartbeatIntervalMs: 10, readFraction: 0.2, kvKeys: 2, workloadIntervalMs: 3 },
    network: { lossRate: 0, duplicateRate: 0, latencyUs: { min: 1_000, max: 30_000 } },
  });
  const timeline = bounces(random, [0, 1, 2], 100_000, untilUs - 300_000, 15_000);
  return { ...base, timeline, healedAtUs: untilUs - 300_000 };
}
