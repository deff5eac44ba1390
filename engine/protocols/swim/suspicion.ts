import type { Micros } from '../../kernel/time';
import type { Suspicion } from './types';

/**
 * Lifeguard's dynamic suspicion (Dadgar et al. 2018, §4.2; memberlist suspicion.go): a suspicion
 * starts at the maximum timeout and shrinks toward the minimum as independent confirmations
 * arrive, logarithmically: with c of the k expected confirmations the timeout is
 * max − (max − min) · log(c + 1) / log(k + 1), never below min. With k = 0 it is min at once
 * (plain SWIM's fixed suspicion timeout, §4.2).
 */
export function suspicionTimeoutNow(s: Pick<Suspicion, 'k' | 'minUs' | 'maxUs' | 'confirmers'>): Micros {
  if (s.k < 1) return s.minUs;
  const confirmations = s.confirmers.length - 1;
  const fraction = Math.log(confirmations + 1) / Math.log(s.k + 1);
  // memberlist floors to the millisecond; integers keep both runners identical.
  const raw = Math.floor((s.maxUs - fraction * (s.maxUs - s.minUs)) / 1000) * 1000;
  return Math.max(s.minUs, raw);
}

/** The delay left from `now` until the suspicion expires (0 when it is already due). */
export function suspicionRemainingUs(s: Suspicion, now: Micros): Micros {
  return Math.max(0, s.startedUs + suspicionTimeoutNow(s) - now);
}
