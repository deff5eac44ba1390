import { fromMs } from '../../kernel/time';
import { rangedSetting as numberSetting } from '../lib/settings';
import type { MultiPaxosConfig } from './types';

/**
 * Settings, named and defaulted as Raft's (100 to 200 ms election timeouts, 50 ms heartbeats),
 * so the two compare on equal terms: the leader's keep-alive and a follower's patience play the
 * same part in both.
 */
export function configureMultiPaxos(raw: unknown): MultiPaxosConfig {
  const r = (raw ?? {}) as Record<string, unknown>;
  const min = numberSetting(r, 'electionTimeoutMsMin', 100, 1, 600_000);
  const max = numberSetting(r, 'electionTimeoutMsMax', 2 * min, 1, 600_000);
  if (max < min) throw new RangeError(`electionTimeoutMsMax (${max}) must not be below electionTimeoutMsMin (${min})`);
  const heartbeat = numberSetting(r, 'heartbeatIntervalMs', 50, 0.01, 600_000);
  if (heartbeat >= min) throw new RangeError(`heartbeatIntervalMs (${heartbeat}) must be below electionTimeoutMsMin (${min})`);
  const readFraction = numberSetting(r, 'readFraction', 0.3, 0, 1);
  const kvKeys = numberSetting(r, 'kvKeys', 3, 1, 1000);
  if (!Number.isInteger(kvKeys)) throw new RangeError('kvKeys must be a whole number');
  const interval = numberSetting(r, 'workloadIntervalMs', 50, 0.01, 600_000);
  return {
    electionTimeoutMinUs: fromMs(min),
    electionTimeoutMaxUs: fromMs(max),
    heartbeatIntervalUs: Math.max(1, fromMs(heartbeat)),
    readFraction,
    kvKeys,
    workloadIntervalUs: Math.max(1, fromMs(interval)),
  };
}
