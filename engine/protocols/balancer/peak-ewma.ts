import type { Micros } from '../../kernel/time';

/**
 * Peak EWMA (Finagle's `PeakEwma`, which Linkerd's proxy follows): a moving average of a server's
 * round-trip time that jumps straight up to any sample above it ("peak-sensitive": a server
 * that turns slow is avoided at once) and decays towards lower samples with time constant tau:
 * w = exp(-Δt/τ), cost = cost·w + rtt·(1 − w). Reading the cost decays it towards zero as time
 * passes without samples (Finagle's `observe(0.0)` in `get`), so an idle server is probed again.
 * The load estimate a balancer compares is cost × (outstanding + 1).
 */
export interface EwmaState {
  /** The average, in µs (a float). */
  costUs: number;
  stampUs: Micros;
}

/** A server never heard from starts at Linkerd's `default_rtt`. */
export function freshEwma(defaultRttUs: number, nowUs: Micros): EwmaState {
  return { costUs: defaultRttUs, stampUs: nowUs };
}

/** Folds one round-trip sample in (Finagle PeakEwma.observe). */
export function observeRtt(e: EwmaState, rttUs: number, nowUs: Micros, decayUs: number): void {
  const elapsed = Math.max(nowUs - e.stampUs, 0);
  const w = Math.exp(-elapsed / decayUs);
  e.costUs = rttUs > e.costUs ? rttUs : e.costUs * w + rttUs * (1 - w);
  e.stampUs = nowUs;
}

/** The load estimate now: the decayed average times (outstanding + 1). Pure: it reads a copy. */
export function ewmaLoad(e: EwmaState, outstanding: number, nowUs: Micros, decayUs: number): number {
  const copy = { ...e };
  observeRtt(copy, 0, nowUs, decayUs);
  return copy.costUs * (outstanding + 1);
}
