/**
 * The retry-storm settings shared by the built-in scenarios and the experiment, in a module of
 * their own with no imports: the scenarios reach the protocol registry, which reaches the
 * experiment, so a constant either exported would be read before it was set.
 */
export const STORM_RETRY = { maxAttempts: 3, waitDurationMs: 10, jitter: 'full' };
export const STORM_BREAKER = { slidingWindowSize: 20, minimumNumberOfCalls: 10, waitDurationInOpenStateMs: 2000, permittedNumberOfCallsInHalfOpenState: 3 };
/** A retry budget (Linkerd's model) tight enough to tame the storm: retries at most 10% of requests plus 1 a second. */
export const STORM_BUDGET = { retryRatio: 0.1, minRetriesPerSecond: 1 };
/** Google SRE's adaptive throttling at the book's K = 2 over two minutes, requests counted at their outcome (grpc-go). */
export const STORM_THROTTLE = { k: 2, windowMs: 120_000, countAt: 'outcome' };
