import type { RandomStream } from '../../kernel/random';
import type { Micros } from '../../kernel/time';

/**
 * Retries with exponential backoff and jitter, and the two brakes on them.
 *
 * - Backoff (resilience4j's IntervalFunction, AWS Architecture Blog "Exponential Backoff and
 *   Jitter", 2015): the wait before retry n (n = 1, 2, ...) is base·multiplierⁿ⁻¹ capped at
 *   `maxWaitUs`; "full" jitter draws uniformly in [0, that]; "decorrelated" draws
 *   min(cap, uniform(base, 3·previous wait)).
 * - A retry budget (Finagle's RetryBudget, Linkerd's retryRatio / minRetriesPerSecond / ttl):
 *   retries may be at most `retryRatio` of the requests of the last `ttlUs`, plus a floor of
 *   `minRetriesPerSecond`.
 * - Adaptive throttling (Beyer et al., Site Reliability Engineering, ch. 21, "Client-side
 *   throttling"): each caller, per backend (here: per route, in each caller's sidecar), keeps
 *   `requests` (every attempt the application made, those it rejected locally included, retries
 *   included) and `accepts` (the attempts the backend answered in time and well) over the last
 *   `windowUs`, and rejects a new attempt locally with probability
 *   max(0, (requests − K·accepts) / (requests + 1)). By default an attempt is counted when it
 *   reaches the throttle (`countAt: "send"`, the book's wording and this mesh's first version,
 *   kept so that old links replay). With `countAt: "outcome"` it is counted when its outcome is
 *   known (an answer, a timeout, a local rejection), as grpc-go's adaptive throttler does
 *   (balancer/rls/internal/adaptive): counted when it leaves, every attempt in flight is a request
 *   not accepted yet, so a caller starting up rejects about half of its second attempt.
 */
export interface RetryConfig {
  /** Attempts in all, the first included (resilience4j: 3). */
  maxAttempts: number;
  /** The base wait (500 ms). */
  waitDurationUs: Micros;
  multiplier: number;
  maxWaitUs: Micros;
  jitter: 'none' | 'full' | 'decorrelated';
}

export const RESILIENCE4J_RETRY: RetryConfig = { maxAttempts: 3, waitDurationUs: 500_000, multiplier: 2, maxWaitUs: 10_000_000, jitter: 'none' };

/** The wait before retry number `retry` (1 for the first retry), given the previous wait. */
export function backoffUs(config: RetryConfig, retry: number, previousUs: Micros, random: RandomStream): Micros {
  const base = config.waitDurationUs;
  if (config.jitter === 'decorrelated') {
    const high = Math.max(base, Math.min(config.maxWaitUs, 3 * Math.max(previousUs, base)));
    return Math.min(config.maxWaitUs, random.int(base, high));
  }
  const exp = Math.min(config.maxWaitUs, Math.round(base * config.multiplier ** (retry - 1)));
  return config.jitter === 'full' ? random.int(0, exp) : exp;
}

export interface BudgetConfig {
  retryRatio: number;
  minRetriesPerSecond: number;
  ttlUs: Micros;
}

/** Linkerd 2's defaults (ServiceProfile retryBudget). */
export const LINKERD_BUDGET: BudgetConfig = { retryRatio: 0.2, minRetriesPerSecond: 10, ttlUs: 10_000_000 };

/** Times of the requests and retries of the last ttl, oldest first. */
export interface Budget {
  requests: Micros[];
  retries: Micros[];
}

function prune(times: Micros[], since: Micros): void {
  let i = 0;
  while (i < times.length && times[i]! <= since) i++;
  if (i > 0) times.splice(0, i);
}

export function budgetDeposit(b: Budget, config: BudgetConfig, now: Micros): void {
  prune(b.requests, now - config.ttlUs);
  b.requests.push(now);
}

/** Takes one retry from the budget if it allows one. */
export function budgetWithdraw(b: Budget, config: BudgetConfig, now: Micros): boolean {
  prune(b.requests, now - config.ttlUs);
  prune(b.retries, now - config.ttlUs);
  const allowed = Math.floor(config.retryRatio * b.requests.length + (config.minRetriesPerSecond * config.ttlUs) / 1_000_000);
  if (b.retries.length >= allowed) return false;
  b.retries.push(now);
  return true;
}

export interface ThrottleConfig {
  /** The SRE book's K (2: accept twice as many as the backend accepts). */
  k: number;
  /** The trailing span counted: two minutes in the book. */
  windowUs: Micros;
  /** Present (true) when requests are counted at their outcome (grpc-go), not when they leave. */
  atOutcome?: true;
}

export const SRE_THROTTLE: ThrottleConfig = { k: 2, windowUs: 120_000_000 };

/** Requests and accepts in buckets of one second, newest last. */
export interface Throttle {
  bucketStartUs: Micros[];
  requests: number[];
  accepts: number[];
}

function bucket(t: Throttle, config: ThrottleConfig, now: Micros): number {
  const start = now - (now % 1_000_000);
  while (t.bucketStartUs.length > 0 && t.bucketStartUs[0]! <= now - config.windowUs) {
    t.bucketStartUs.shift();
    t.requests.shift();
    t.accepts.shift();
  }
  if (t.bucketStartUs.at(-1) !== start) {
    t.bucketStartUs.push(start);
    t.requests.push(0);
    t.accepts.push(0);
  }
  return t.bucketStartUs.length - 1;
}

/** The SRE book's client request rejection probability over its span. */
export function rejectionProbability(t: Throttle, config: ThrottleConfig, now: Micros): number {
  bucket(t, config, now);
  const requests = t.requests.reduce((a, b) => a + b, 0);
  const accepts = t.accepts.reduce((a, b) => a + b, 0);
  return Math.max(0, (requests - config.k * accepts) / (requests + 1));
}

/** Counts a request (an attempt, rejected locally or not) and/or an accept by the backend. */
export function throttleCount(t: Throttle, config: ThrottleConfig, now: Micros, what: { request: boolean; accept: boolean }): void {
  const i = bucket(t, config, now);
  if (what.request) t.requests[i]!++;
  if (what.accept) t.accepts[i]!++;
}
