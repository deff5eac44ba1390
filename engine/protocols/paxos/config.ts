import { fromMs } from '../../kernel/time';
import { rangedSetting as numberSetting } from '../lib/settings';
import type { PaxosConfig, Strategy } from './types';

/**
 * Settings (ms in files, µs inside). The defaults suit the default network (10 to 15 ms a hop):
 * a ballot needs two round trips, so a phase times out after 150 ms, and a back-off of 40 to
 * 160 ms outlasts the other proposer's phase 2 most of the time.
 */
export function configurePaxos(raw: unknown): PaxosConfig {
  const r = (raw ?? {}) as Record<string, unknown>;
  const strategy = r.strategy ?? 'distinguished';
  if (strategy !== 'duelling' && strategy !== 'distinguished') throw new RangeError('strategy must be "duelling" or "distinguished"');
  const startJitterMs = numberSetting(r, 'startJitterMs', 10, 0, 600_000);
  const phaseTimeoutMs = numberSetting(r, 'phaseTimeoutMs', 150, 1, 600_000);
  const backoffMinMs = numberSetting(r, 'backoffMinMs', 40, 0, 600_000);
  const backoffMaxMs = numberSetting(r, 'backoffMaxMs', 160, 0, 600_000);
  if (backoffMaxMs < backoffMinMs) throw new RangeError(`backoffMaxMs (${backoffMaxMs}) must not be below backoffMinMs (${backoffMinMs})`);
  return {
    strategy: strategy as Strategy,
    startJitterUs: fromMs(startJitterMs),
    phaseTimeoutUs: fromMs(phaseTimeoutMs),
    backoffMinUs: fromMs(backoffMinMs),
    backoffMaxUs: fromMs(backoffMaxMs),
  };
}
