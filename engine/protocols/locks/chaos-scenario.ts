import { RandomStream } from '../../kernel/random';
import { chaosTimeline } from '../../scenario/chaos';
import { defaultScenario, type Scenario } from '../../scenario/schema';

/**
 * The seeded chaotic run of the locks tests (chaos.test.ts, mutation.test.ts, equal-hash.test.ts):
 * everything follows from the seed. 3 or 5 lock servers in either mode, 2 or 3 clients, the
 * storage; a short TTL so that leases run out often; the random nemesis with pauses (crashes,
 * restarts, partitions, cuts, loss bursts, GC pauses) over every node, and clients frozen for
 * longer than their lease, then a heal and time to settle. `fencing` forces fencing on or off; by default it is on (the configuration that must be safe).
 */
export function locksChaosScenario(seed: number, options: { fencing?: boolean; mode?: 'redlock' | 'consensus' } = {}): Scenario {
  const random = RandomStream.derive(seed, 'locks-chaos');
  const servers = random.pick([3, 5]);
  const clients = random.int(2, 3);
  const mode = options.mode ?? random.pick(['redlock', 'consensus'] as const);
  const config = {
    mode,
    fencing: options.fencing ?? true,
    leaseTtlMs: random.pick([200, 400, 800]),
    clockDriftFactor: 0.01,
    requestTimeoutMs: 40,
    retryDelayMs: 60,
    workMs: random.int(10, 80),
    writesPerHold: random.int(1, 4),
    thinkMs: 50,
    electionTimeoutMinMs: 100,
    electionTimeoutMaxMs: 200,
    heartbeatMs: 30,
  };
  const nodes = servers + clients + 1;
  const activeUs = 2_000_000 + random.int(0, 2) * 1_000_000;
  const untilUs = Math.ceil(activeUs / 0.75);
  const chaos = chaosTimeline({ seed, nodes, untilUs, meanGapUs: 200_000, baseLossRate: 0.05, pauses: true });
  const base = defaultScenario({
    protocol: 'locks',
    seed,
    topology: {
      groups: [
        { kind: 'server', count: servers },
        { kind: 'client', count: clients },
        { kind: 'storage', count: 1 },
      ],
    },
    config,
    network: { latencyUs: { min: 2_000, max: 12_000 }, lossRate: 0.02, duplicateRate: 0.02 },
    untilUs: untilUs + 2_000_000,
  });
  // The fault this system is about: a client frozen mid-work for longer than its lease, a few times a run.
  const ttlUs = config.leaseTtlMs * 1000;
  const holderPauses: Scenario['timeline'] = [];
  for (let at = random.int(200_000, 600_000); at < chaos.healedAtUs - ttlUs; at += random.int(2, 4) * ttlUs) {
    const node = servers + random.int(0, clients - 1);
    holderPauses.push({ at, action: { kind: 'pause', node }, by: 'nemesis' });
    holderPauses.push({ at: Math.min(chaos.healedAtUs, at + random.int(3, 6) * (ttlUs / 2)), action: { kind: 'resume', node }, by: 'nemesis' });
  }
  const timeline = [...chaos.timeline, ...holderPauses].sort((a, b) => a.at - b.at);
  return { ...base, timeline, healedAtUs: chaos.healedAtUs };
}
