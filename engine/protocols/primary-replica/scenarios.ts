import { defaultScenario, type Scenario } from '../../scenario/schema';
import { TEACHING_TIMINGS, type ReplicationMode } from './config';

/**
 * The built-in scenarios (public/scenarios/primary-*.json are these, written out; builtins.test.ts
 * keeps them equal) and the experiment's runs. Three servers S1-S3 (ids 0-2), the lease store D1
 * (3), clients C1 and C2 (4, 5); Patroni's timings ten times faster; an operation every 100 ms.
 */
export const TOPOLOGY = {
  groups: [
    { kind: 'server', count: 3 },
    { kind: 'dcs', count: 1 },
    { kind: 'client', count: 2 },
  ],
};
export const S1 = 0;
export const S2 = 1;
export const S3 = 2;
export const D1 = 3;
export const C1 = 4;
export const C2 = 5;
export const PARTITION_AT_US = 5_000_000;
export const HEAL_AT_US = 10_000_000;

function base(seed: number, config: Record<string, unknown>, timeline: Scenario['timeline'], links: Scenario['network']['links'] = []): Scenario {
  return defaultScenario({
    protocol: 'primary-replica',
    seed,
    topology: TOPOLOGY,
    config: { ...TEACHING_TIMINGS, operationIntervalMs: 100, ...config },
    network: { latencyUs: { min: 10_000, max: 15_000 }, ...(links.length ? { links } : {}) },
    timeline,
    untilUs: 15_000_000,
  });
}

/**
 * "The lost write": at 5 s the primary S1 and both clients are cut off from the replicas and the
 * lease store. S1 cannot renew its lease and demotes itself after loop_wait + retry_timeout
 * (about 2 s), acknowledging writes meanwhile that no replica receives; the lease expires and
 * S2 takes over in epoch 2 without them. The network heals at 10 s and S1 rewinds them away.
 */
export function lostWriteScenario(replication: ReplicationMode = 'async', seed = 7): Scenario {
  return base(seed, { replication }, [
    { at: PARTITION_AT_US, action: { kind: 'partition', groups: [[S1, C1, C2], [S2, S3, D1]] } },
    { at: HEAL_AT_US, action: { kind: 'heal' } },
  ]);
}

/**
 * "Split brain and fencing": C1 sits beside S1 (its links to S2 and S3 are cut) and S1's link to
 * the lease store is slow (400 ms each way). At 5 s S1 stops for 5 s (a long GC pause): not
 * dead, but its lease expires and S2 is promoted in epoch 2. When S1 resumes it still believes it
 * is primary and takes C1's writes. With fencing, the replicas refuse its epoch-1 shipments and
 * it steps down at once; without, it ships them, a replica follows it, and the two histories
 * diverge until its lease renewal fails 800 ms later.
 */
export function splitBrainScenario(fencing: boolean, replication: ReplicationMode = 'async', seed = 7): Scenario {
  return base(
    seed,
    { replication, fencing },
    [
      { at: 1_000_000, action: { kind: 'cut', from: C1, to: S2, oneWay: false } },
      { at: 1_000_000, action: { kind: 'cut', from: C1, to: S3, oneWay: false } },
      { at: PARTITION_AT_US, action: { kind: 'pause', node: S1 } },
      { at: HEAL_AT_US, action: { kind: 'resume', node: S1 } },
    ],
    [{ from: S1, to: D1, latencyUs: { min: 400_000, max: 400_000 } }],
  );
}

export const K1 = 6;

/**
 * "The change stream across a failover": the lost write with a change consumer K1 beside the old
 * primary (cdc.ts). K1 reads S1's acknowledged-then-lost writes as changes; after the heal the
 * new primary S2 says where the histories part. With `cdcEpochs` K1 retracts them and reads
 * epoch 2's changes instead (nothing lost, nothing twice); without, it keeps changes that never
 * happened and never reads the ones epoch 2 wrote at those indices.
 */
export function cdcFailoverScenario(cdcEpochs = true, seed = 7): Scenario {
  return defaultScenario({
    protocol: 'primary-replica',
    seed,
    topology: { groups: [...TOPOLOGY.groups, { kind: 'consumer', count: 1 }] },
    config: { ...TEACHING_TIMINGS, operationIntervalMs: 100, cdcEpochs },
    network: { latencyUs: { min: 10_000, max: 15_000 } },
    timeline: [
      { at: PARTITION_AT_US, action: { kind: 'partition', groups: [[S1, C1, C2, K1], [S2, S3, D1]] } },
      { at: HEAL_AT_US, action: { kind: 'heal' } },
    ],
    untilUs: 15_000_000,
  });
}
