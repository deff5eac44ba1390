import type { TimedAction } from '../../kernel/actions';
import { RandomStream } from '../../kernel/random';
import { chaosTimeline } from '../../scenario/chaos';
import { defaultScenario, type Scenario } from '../../scenario/schema';
import { ALGORITHMS, type Algorithm } from './config';

/**
 * The seeded chaotic run of the balancer's tests (chaos.test.ts, equal-hash.test.ts,
 * mutation.test.ts): everything follows from the seed. 2 to 5 servers, 1 to 3 balancers with
 * algorithms drawn from all six, 2 to 5 clients; a bounded queue in half the runs, ejection in
 * half; loss and duplication on every link; the random nemesis (crashes and restarts of any
 * node, partitions, one-way cuts, loss bursts); and the user's own moves: a server made slow
 * and normal again, extra load from a client.
 */
export function balancerChaosScenario(seed: number, untilUs = 4_000_000): Scenario {
  const random = RandomStream.derive(seed, 'balancer-chaos');
  const servers = random.int(2, 5);
  const balancers = random.int(1, 3);
  const clients = random.int(2, 5);
  const nodes = servers + balancers + clients;
  const algorithms: Algorithm[] = Array.from({ length: balancers }, () => ALGORITHMS[random.int(0, ALGORITHMS.length - 1)]!);
  const config = {
    algorithms,
    pools: servers >= balancers && random.chance(0.5) ? 'split' : 'shared',
    serviceMs: random.int(2, 20),
    workers: random.int(1, 2),
    queueLimit: random.chance(0.5) ? random.int(1, 8) : 0,
    slowServers: random.chance(0.5) ? [random.int(0, servers - 1)] : [],
    forwardTimeoutMs: random.int(50, 300),
    clientTimeoutMs: 400,
    ejectAfterFailures: random.chance(0.5) ? random.int(1, 3) : 0,
    ejectMs: random.int(100, 1000),
    intervalMs: random.int(3, 15),
    keys: random.int(1, 30),
    bucketMs: 250,
    vnodes: 16,
  };
  const chaos = chaosTimeline({ seed, nodes, untilUs, meanGapUs: 300_000, baseLossRate: 0.05 });
  const moves: TimedAction[] = [];
  for (let i = random.int(0, 3); i > 0; i--) {
    const at = random.int(0, untilUs - 1);
    const r = random.float();
    if (r < 0.4) moves.push({ at, action: { kind: 'command', node: random.int(0, servers - 1), command: { type: 'slow', factor: random.int(2, 20) } }, by: 'user' });
    else if (r < 0.7) moves.push({ at, action: { kind: 'command', node: random.int(0, servers - 1), command: { type: 'normal' } }, by: 'user' });
    else moves.push({ at, action: { kind: 'command', node: servers + balancers + random.int(0, clients - 1), command: { type: 'load', perSecond: random.int(0, 100) } }, by: 'user' });
  }
  const timeline = [...chaos.timeline, ...moves].sort((a, b) => a.at - b.at);
  const base = defaultScenario({
    protocol: 'balancer',
    seed,
    untilUs,
    config,
    topology: { groups: [{ kind: 'server', count: servers }, { kind: 'balancer', count: balancers }, { kind: 'client', count: clients }] },
    network: { latencyUs: { min: 500 + random.int(0, 2000), max: 3000 + random.int(0, 5000) }, lossRate: 0.03, duplicateRate: 0.05 },
  });
  return { ...base, timeline, healedAtUs: chaos.healedAtUs };
}
