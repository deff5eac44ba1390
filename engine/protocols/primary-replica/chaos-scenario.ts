import { RandomStream } from '../../kernel/random';
import { chaosTimeline } from '../../scenario/chaos';
import { defaultScenario, type Scenario } from '../../scenario/schema';
import type { ReplicationMode } from './config';

/**
 * The seeded chaotic run of the primary-replica tests (chaos.test.ts, mutation.test.ts, the
 * equal-hash test): everything follows from the seed. 3 to 5 servers, the lease store, two
 * clients; Patroni's timings fifty times faster (ttl 600 ms, loop_wait 200 ms, retry_timeout
 * 200 ms) so failovers happen often; a replication mode, fencing on in three runs of four, lag-
 * aware reads in some; a change-data-capture consumer; the random nemesis with pauses (crashes, restarts, partitions, cuts, loss
 * bursts, GC pauses) over every node for a few seconds, then a heal and time to settle.
 */
const MODES: readonly ReplicationMode[] = ['async', 'semi-sync', 'sync'];

export function primaryReplicaChaosScenario(seed: number): Scenario {
  const random = RandomStream.derive(seed, 'primary-replica-chaos');
  const servers = random.int(3, 5);
  const replication = MODES[random.int(0, 2)]!;
  const fencing = random.int(0, 3) !== 0;
  const config = {
    replication,
    fencing,
    ttlMs: 600,
    loopWaitMs: 200,
    retryTimeoutMs: 200,
    shipIntervalMs: 40,
    lagSampleMs: 100,
    operationIntervalMs: 40,
    clientTimeoutMs: 300,
    maximumLagOnFailover: random.int(0, 1) === 0 ? 1_000_000 : 20,
    maxReadLagEntries: random.int(0, 1) === 0 ? 0 : 3,
    cdcPollMs: 50,
  };
  const nodes = servers + 4;
  const activeUs = 3_000_000 + random.int(0, 2) * 1_000_000;
  const untilUs = Math.ceil(activeUs / 0.75);
  const chaos = chaosTimeline({ seed, nodes, untilUs, meanGapUs: 250_000, baseLossRate: 0.05, pauses: true });
  const base = defaultScenario({
    protocol: 'primary-replica',
    seed,
    topology: {
      groups: [
        { kind: 'server', count: servers },
        { kind: 'dcs', count: 1 },
        { kind: 'client', count: 2 },
        { kind: 'consumer', count: 1 },
      ],
    },
    config,
    network: { latencyUs: { min: 5_000, max: 15_000 }, lossRate: 0.02, duplicateRate: 0.02 },
    untilUs: untilUs + 3_000_000,
  });
  return { ...base, timeline: chaos.timeline, healedAtUs: chaos.healedAtUs };
}
