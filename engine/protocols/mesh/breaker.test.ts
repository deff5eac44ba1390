import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newBreaker, rates, record, RESILIENCE4J_BREAKER, tryAcquire, type BreakerConfig } from './breaker';
import { leakAt, leakIntervalUs, newLimiter, tryAdmit } from './limits';
import { backoffUs, budgetDeposit, budgetWithdraw, RESILIENCE4J_RETRY } from './retry';
import { RandomStream } from '../../kernel/random';

const small: BreakerConfig = { ...RESILIENCE4J_BREAKER, slidingWindowSize: 10, minimumNumberOfCalls: 5, waitDurationInOpenStateUs: 1_000_000, permittedNumberOfCallsInHalfOpenState: 3 };

describe("the breaker follows resilience4j's state machine", () => {
  it('stays closed below the minimum number of calls, even when every call fails', () => {
    const b = newBreaker();
    for (let i = 0; i < 4; i++) expect(record(b, small, b.epoch, 1, i)).toBeNull();
    expect(b.state).toBe('closed');
    expect(rates(b, small).failureRate).toBe(-1);
  });

  it('opens at the failure-rate threshold (50% of the window), rejects while open, probes after the wait', () => {
    const b = newBreaker();
    for (const o of [0, 1, 0, 1, 0]) record(b, small, b.epoch, o as 0 | 1, 0);
    expect(b.state).toBe('closed'); // 2 of 5 failed: 40%
    expect(record(b, small, b.epoch, 1, 10)).toMatchObject({ from: 'closed', to: 'open', failureRate: 50 });
    expect(tryAcquire(b, small, 999_999 + 10).permitted).toBe(false);
    const first = tryAcquire(b, small, 1_000_010);
    expect(first).toMatchObject({ permitted: true, probe: true, transition: { from: 'open', to: 'half-open' } });
    expect(tryAcquire(b, small, 1_000_011).permitted).toBe(true);
    expect(tryAcquire(b, small, 1_000_012).permitted).toBe(true);
    expect(tryAcquire(b, small, 1_000_013).permitted).toBe(false); // 3 permitted in half-open
    record(b, small, b.epoch, 0, 1_000_020);
    record(b, small, b.epoch, 0, 1_000_021);
    expect(record(b, small, b.epoch, 1, 1_000_022)).toMatchObject({ from: 'half-open', to: 'closed' }); // 33% < 50%
  });

  it('goes back to open when the probes fail, and ignores outcomes of an earlier epoch', () => {
    const b = newBreaker();
    const old = b.epoch;
    for (let i = 0; i < 5; i++) record(b, small, b.epoch, 1, 0);
    expect(b.state).toBe('open');
    expect(record(b, small, old, 0, 1)).toBeNull();
    tryAcquire(b, small, 2_000_000);
    record(b, small, b.epoch, 1, 2_000_001);
    record(b, small, b.epoch, 0, 2_000_002);
    expect(record(b, small, b.epoch, 1, 2_000_003)).toMatchObject({ to: 'open' });
  });

  it('opens on the slow-call rate alone', () => {
    const b = newBreaker();
    const cfg = { ...small, slowCallRateThreshold: 60 };
    for (const o of [2, 2, 0, 2, 0]) record(b, cfg, b.epoch, o as 0 | 2, 0);
    expect(b.state).toBe('open');
  });
});

describe('limits and retries against dumb counts', () => {
  it('a token bucket admits at most burst + rate·t in any stretch of time (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 200 }), fc.array(fc.integer({ min: 0, max: 50_000 }), { minLength: 1, maxLength: 200 }), (burst, rate, gaps) => {
        const cfg = { algorithm: 'token-bucket' as const, ratePerSec: rate, burst };
        const l = newLimiter(cfg);
        const admitted: number[] = [];
        let t = 0;
        for (const g of gaps) {
          t += g;
          if (tryAdmit(l, cfg, t)) admitted.push(t);
        }
        for (let i = 0; i < admitted.length; i++) {
          for (let j = i; j < admitted.length; j++) expect(j - i + 1).toBeLessThanOrEqual(burst + Math.floor((rate * (admitted[j]! - admitted[i]!)) / 1e6));
        }
      }),
    );
  });

  it('exponential backoff doubles from 500 ms; full jitter stays under it; decorrelated stays within [base, 3·previous]', () => {
    const r = RandomStream.derive(1, 'test');
    expect([1, 2, 3].map((n) => backoffUs(RESILIENCE4J_RETRY, n, 0, r))).toEqual([500_000, 1_000_000, 2_000_000]);
    for (let n = 1; n < 6; n++) expect(backoffUs({ ...RESILIENCE4J_RETRY, jitter: 'full' }, n, 0, r)).toBeLessThanOrEqual(500_000 * 2 ** (n - 1));
    let prev = 500_000;
    for (let n = 1; n < 20; n++) {
      const w = backoffUs({ ...RESILIENCE4J_RETRY, jitter: 'decorrelated' }, n, prev, r);
      expect(w).toBeGreaterThanOrEqual(500_000);
      expect(w).toBeLessThanOrEqual(Math.min(10_000_000, 3 * prev));
      prev = w;
    }
  });

  it('a retry budget of 20% with no floor allows 2 retries per 10 requests', () => {
    const b = { requests: [], retries: [] };
    const cfg = { retryRatio: 0.2, minRetriesPerSecond: 0, ttlUs: 10_000_000 };
    for (let i = 0; i < 10; i++) budgetDeposit(b, cfg, i);
    expect([1, 2, 3].map((i) => budgetWithdraw(b, cfg, 100 + i))).toEqual([true, true, false]);
  });

  it('a leaky bucket spaces calls at least 1/rate apart, in arrival order, and spills beyond its capacity (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 0, max: 5 }), fc.array(fc.integer({ min: 0, max: 20_000 }), { maxLength: 80 }), (rate, capacity, gaps) => {
        const cfg = { algorithm: 'leaky-bucket' as const, ratePerSec: rate, capacity };
        const l = newLimiter(cfg);
        const interval = leakIntervalUs(cfg);
        let t = 0;
        let last: number | null = null;
        for (const g of gaps) {
          t += g;
          const turn = leakAt(l, cfg, t);
          if (turn === null) {
            // It spilled: the calls ahead of it already fill the queue.
            expect(last! - t).toBeGreaterThan((capacity - 1) * interval);
            continue;
          }
          expect(turn).toBeGreaterThanOrEqual(t);
          expect(turn - t).toBeLessThanOrEqual(capacity * interval);
          if (last !== null) expect(turn - last).toBeGreaterThanOrEqual(interval);
          last = turn;
        }
      }),
    );
  });
});

describe("the breaker's time-based sliding window, resilience4j's TIME_BASED", () => {
  const timed: BreakerConfig = { ...small, slidingWindowType: 'TIME_BASED', slidingWindowSize: 2, minimumNumberOfCalls: 4 };

  it('aggregates outcomes per second and opens on the failure rate of the last slidingWindowSize seconds', () => {
    const b = newBreaker(timed);
    expect(b.buckets).toEqual([]);
    // Second 0: four failures, below the minimum until the fourth.
    for (let i = 0; i < 3; i++) expect(record(b, timed, b.epoch, 1, 100_000 + i)).toBeNull();
    expect(rates(b, timed).failureRate).toBe(-1);
    expect(record(b, timed, b.epoch, 1, 200_000)).toMatchObject({ from: 'closed', to: 'open', failureRate: 100 });
    expect(b.buckets).toEqual([]); // a transition starts a fresh window
  });

  it('forgets the seconds that slid out of the window: old failures do not count', () => {
    const b = newBreaker(timed);
    for (let i = 0; i < 3; i++) record(b, timed, b.epoch, 1, 100_000 + i); // second 0: 3 failures
    // Second 2: the window, seconds 1-2, no longer holds second 0; 3 successes and 1 failure.
    for (let i = 0; i < 3; i++) record(b, timed, b.epoch, 0, 2_100_000 + i);
    expect(record(b, timed, b.epoch, 1, 2_200_000)).toBeNull();
    expect(b.state).toBe('closed');
    expect(rates(b, timed)).toEqual({ calls: 4, failureRate: 25, slowCallRate: 0 });
    expect(b.buckets!.map((k) => k.second)).toEqual([2]);
  });

  it('in half-open it counts its probes as a count-based breaker does', () => {
    const b = newBreaker(timed);
    for (let i = 0; i < 4; i++) record(b, timed, b.epoch, 1, i);
    expect(b.state).toBe('open');
    expect(tryAcquire(b, timed, 1_000_010).transition).toMatchObject({ to: 'half-open' });
    tryAcquire(b, timed, 1_000_011);
    tryAcquire(b, timed, 1_000_012);
    for (let i = 0; i < 2; i++) expect(record(b, timed, b.epoch, 0, 1_000_020 + i)).toBeNull();
    expect(record(b, timed, b.epoch, 0, 1_000_030)).toMatchObject({ from: 'half-open', to: 'closed' });
  });
});
