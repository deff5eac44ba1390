import type { Micros } from '../../kernel/time';

/**
 * A circuit breaker with resilience4j's model (CircuitBreakerStateMachine, CircuitBreakerConfig):
 * CLOSED records call outcomes in a count-based sliding window; once it holds at least
 * `minimumNumberOfCalls` outcomes and the failure rate or the slow-call rate reaches its
 * threshold, it goes OPEN and rejects every call (CallNotPermittedException). After
 * `waitDurationInOpenState` the next call moves it to HALF_OPEN (resilience4j's default, without
 * automatic transition), which permits `permittedNumberOfCallsInHalfOpenState` probes; once that
 * many outcomes are in, it goes back to OPEN if a rate is at its threshold, else to CLOSED.
 *
 * The window is count-based (the last `slidingWindowSize` outcomes) or, with `slidingWindowType`
 * TIME_BASED, time-based: the outcomes of the last `slidingWindowSize` seconds, kept as one
 * partial aggregation per epoch second (resilience4j's SlidingTimeWindowMetrics), so its cost
 * does not grow with the call rate.
 *
 * Plain data and pure functions, so the sidecar's state snapshots and the monitor can reuse the
 * arithmetic. Outcomes of calls permitted in an earlier state (`epoch`) are ignored, as
 * resilience4j's OpenState ignores late results.
 */
export interface BreakerConfig {
  /** Absent: COUNT_BASED (resilience4j's default); TIME_BASED: the window is `slidingWindowSize` seconds. */
  slidingWindowType?: 'TIME_BASED';
  /** Percent of failed calls in the window that opens the breaker (resilience4j: 50). */
  failureRateThreshold: number;
  /** Percent of slow calls in the window that opens it (100). */
  slowCallRateThreshold: number;
  /** A call slower than this is slow (60 s). */
  slowCallDurationThresholdUs: Micros;
  /** Outcomes kept in the count-based sliding window: 100 (time-based: seconds, also 100). */
  slidingWindowSize: number;
  /** No rate is computed before this many outcomes (100). */
  minimumNumberOfCalls: number;
  /** How long OPEN rejects before the next call may probe (60 s). */
  waitDurationInOpenStateUs: Micros;
  /** Probes let through in HALF_OPEN (10). */
  permittedNumberOfCallsInHalfOpenState: number;
}

export const RESILIENCE4J_BREAKER: BreakerConfig = {
  failureRateThreshold: 50,
  slowCallRateThreshold: 100,
  slowCallDurationThresholdUs: 60_000_000,
  slidingWindowSize: 100,
  minimumNumberOfCalls: 100,
  waitDurationInOpenStateUs: 60_000_000,
  permittedNumberOfCallsInHalfOpenState: 10,
};

export type BreakerStateName = 'closed' | 'open' | 'half-open';

/** One recorded outcome: 0 success, 1 failure, 2 slow success, 3 slow failure (bit 0 failed, bit 1 slow). */
export type Outcome = 0 | 1 | 2 | 3;

export interface Breaker {
  state: BreakerStateName;
  /** Bumped at every transition: a permit belongs to the epoch it was given in. */
  epoch: number;
  /** The ring of recorded outcomes (closed: the sliding window; half-open: the probes' outcomes). */
  outcomes: Outcome[];
  /** Next slot of `outcomes` to overwrite once it is full. */
  next: number;
  openedAtUs: Micros;
  /** Half-open: probes permitted so far. */
  permitted: number;
  transitions: number;
  /** Time-based window only: one aggregate per epoch second, oldest first. */
  buckets?: Bucket[];
}

/** The outcomes recorded in one epoch second of a time-based sliding window, as a record. */
export interface Bucket {
  second: number;
  calls: number;
  failed: number;
  slow: number;
}

export function newBreaker(config?: BreakerConfig): Breaker {
  const b: Breaker = { state: 'closed', epoch: 0, outcomes: [], next: 0, openedAtUs: 0, permitted: 0, transitions: 0 };
  if (config?.slidingWindowType === 'TIME_BASED') b.buckets = [];
  return b;
}

const timeBased = (b: Breaker) => b.buckets !== undefined && b.state === 'closed';

/** Forgets the buckets older than the window's `size` seconds before the second of `now`. */
function evict(buckets: Bucket[], size: number, now: Micros): void {
  const oldest = Math.floor(now / 1_000_000) - size + 1;
  let drop = 0;
  while (drop < buckets.length && buckets[drop]!.second < oldest) drop++;
  if (drop > 0) buckets.splice(0, drop);
}

export interface Rates {
  calls: number;
  /** Percent, or -1 below the minimum number of calls (resilience4j's "not yet computed"). */
  failureRate: number;
  slowCallRate: number;
}

export function rates(b: Breaker, config: BreakerConfig): Rates {
  if (timeBased(b)) {
    let calls = 0;
    let failed = 0;
    let slow = 0;
    for (const k of b.buckets!) {
      calls += k.calls;
      failed += k.failed;
      slow += k.slow;
    }
    if (calls < config.minimumNumberOfCalls || calls === 0) return { calls, failureRate: -1, slowCallRate: -1 };
    return { calls, failureRate: (failed * 100) / calls, slowCallRate: (slow * 100) / calls };
  }
  const calls = b.outcomes.length;
  const min = b.state === 'half-open' ? config.permittedNumberOfCallsInHalfOpenState : Math.min(config.minimumNumberOfCalls, config.slidingWindowSize);
  if (calls < min || calls === 0) return { calls, failureRate: -1, slowCallRate: -1 };
  let failed = 0;
  let slow = 0;
  for (const o of b.outcomes) {
    if (o & 1) failed++;
    if (o & 2) slow++;
  }
  return { calls, failureRate: (failed * 100) / calls, slowCallRate: (slow * 100) / calls };
}

function overThreshold(r: Rates, config: BreakerConfig): boolean {
  return (r.failureRate >= 0 && r.failureRate >= config.failureRateThreshold) || (r.slowCallRate >= 0 && r.slowCallRate >= config.slowCallRateThreshold);
}

export interface Transition {
  from: BreakerStateName;
  to: BreakerStateName;
  failureRate: number;
  slowCallRate: number;
}

function moveTo(b: Breaker, to: BreakerStateName, now: Micros, r: Rates): Transition {
  const from = b.state;
  b.state = to;
  b.epoch++;
  b.transitions++;
  b.outcomes = [];
  b.next = 0;
  b.permitted = 0;
  if (b.buckets) b.buckets = [];
  if (to === 'open') b.openedAtUs = now;
  return { from, to, failureRate: r.failureRate, slowCallRate: r.slowCallRate };
}

/**
 * `tryAcquirePermission`: whether a call may go now, and the transition it caused (OPEN to
 * HALF_OPEN once the wait is over), if any.
 */
export function tryAcquire(b: Breaker, config: BreakerConfig, now: Micros): { permitted: boolean; probe: boolean; transition: Transition | null } {
  let transition: Transition | null = null;
  if (b.state === 'open') {
    if (now - b.openedAtUs < config.waitDurationInOpenStateUs) return { permitted: false, probe: false, transition: null };
    transition = moveTo(b, 'half-open', now, { calls: 0, failureRate: -1, slowCallRate: -1 });
  }
  if (b.state === 'half-open') {
    if (b.permitted >= config.permittedNumberOfCallsInHalfOpenState) return { permitted: false, probe: false, transition };
    b.permitted++;
    return { permitted: true, probe: true, transition };
  }
  return { permitted: true, probe: false, transition };
}

/** `onSuccess`/`onError`: records a call's outcome if it was permitted in this epoch; may transition. */
export function record(b: Breaker, config: BreakerConfig, epoch: number, outcome: Outcome, now: Micros): Transition | null {
  if (epoch !== b.epoch || b.state === 'open') return null;
  if (timeBased(b)) {
    const buckets = b.buckets!;
    evict(buckets, config.slidingWindowSize, now);
    const second = Math.floor(now / 1_000_000);
    let last = buckets[buckets.length - 1];
    if (!last || last.second !== second) buckets.push((last = { second, calls: 0, failed: 0, slow: 0 }));
    last.calls++;
    if (outcome & 1) last.failed++;
    if (outcome & 2) last.slow++;
    const r = rates(b, config);
    return overThreshold(r, config) ? moveTo(b, 'open', now, r) : null;
  }
  const size = b.state === 'half-open' ? config.permittedNumberOfCallsInHalfOpenState : config.slidingWindowSize;
  if (b.outcomes.length < size) b.outcomes.push(outcome);
  else {
    b.outcomes[b.next] = outcome;
    b.next = (b.next + 1) % size;
  }
  const r = rates(b, config);
  if (b.state === 'closed') return overThreshold(r, config) ? moveTo(b, 'open', now, r) : null;
  // Half-open decides once every probe has answered.
  if (b.outcomes.length < size) return null;
  return moveTo(b, overThreshold(r, config) ? 'open' : 'closed', now, r);
}
