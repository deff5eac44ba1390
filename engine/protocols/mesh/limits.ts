import type { Micros } from '../../kernel/time';

/**
 * Rate limiters (per route, in the calling sidecar). Each admits a call or not, from plain data:
 *
 * - token bucket: `burst` tokens, refilled at `ratePerSec`; a call takes one. In any window of
 *   length t it admits at most burst + rate·t calls. Tokens are counted in millionths so refills
 *   stay integers (rate per second = millionths per µs).
 * - leaky bucket as a queue (the traffic shaper; RFC 2475's "shaper", nginx's limit_req with a
 *   burst): calls leave at most one every 1/rate seconds, in order; a call waits in the bucket
 *   for its turn, and one that would find `capacity` calls already waiting spills (is rejected).
 *   Unlike the token bucket it never lets a burst through: sends are spaced at least 1/rate apart.
 * - fixed window: at most `limit` calls in each aligned window of `windowUs` (two windows'
 *   worth may pass around a boundary: the known weakness).
 * - sliding window, a log of admission times: at most `limit` calls in any window of `windowUs`.
 *
 * A bulkhead (resilience4j's SemaphoreBulkhead with maxWaitDuration 0) is a count of calls in
 * flight against `maxConcurrentCalls`; it needs no module of its own.
 */
export type RateLimitConfig =
  | { algorithm: 'token-bucket'; ratePerSec: number; burst: number }
  | { algorithm: 'leaky-bucket'; ratePerSec: number; capacity: number }
  | { algorithm: 'fixed-window'; limit: number; windowUs: Micros }
  | { algorithm: 'sliding-window'; limit: number; windowUs: Micros };

export interface Limiter {
  /** Token bucket: millionths of a token; windows: calls counted in the current one. */
  level: number;
  /** Token bucket: when it last refilled; fixed window: the current window's start; leaky bucket: the last call's turn (level 1 once there was one). */
  sinceUs: Micros;
  /** Sliding window: admission times of the last window, oldest first. */
  log: Micros[];
}

export function newLimiter(config: RateLimitConfig): Limiter {
  return { level: config.algorithm === 'token-bucket' ? config.burst * 1_000_000 : 0, sinceUs: 0, log: [] };
}

/** The leaky bucket's spacing: one call every this many µs (rounded up, so never faster than the rate). */
export function leakIntervalUs(config: { ratePerSec: number }): Micros {
  return Math.ceil(1_000_000 / config.ratePerSec);
}

/**
 * Leaky bucket: the time a call arriving now may leave (now, or later when calls are queued
 * ahead of it), taking that turn; or null when the bucket is full and the call spills.
 */
export function leakAt(l: Limiter, config: Extract<RateLimitConfig, { algorithm: 'leaky-bucket' }>, now: Micros): Micros | null {
  const interval = leakIntervalUs(config);
  const turn = l.level === 0 ? now : Math.max(now, l.sinceUs + interval);
  if (turn - now > config.capacity * interval) return null;
  l.level = 1;
  l.sinceUs = turn;
  return turn;
}

/** Admits one call now if the limit allows it (the leaky bucket queues instead: leakAt). */
export function tryAdmit(l: Limiter, config: RateLimitConfig, now: Micros): boolean {
  switch (config.algorithm) {
    case 'token-bucket': {
      l.level = Math.min(config.burst * 1_000_000, l.level + (now - l.sinceUs) * config.ratePerSec);
      l.sinceUs = now;
      if (l.level < 1_000_000) return false;
      l.level -= 1_000_000;
      return true;
    }
    case 'leaky-bucket':
      return leakAt(l, config, now) === now;
    case 'fixed-window': {
      const start = now - (now % config.windowUs);
      if (start !== l.sinceUs) {
        l.sinceUs = start;
        l.level = 0;
      }
      if (l.level >= config.limit) return false;
      l.level++;
      return true;
    }
    case 'sliding-window': {
      while (l.log.length > 0 && l.log[0]! <= now - config.windowUs) l.log.shift();
      if (l.log.length >= config.limit) return false;
      l.log.push(now);
      return true;
    }
  }
}

/** Whole tokens left (token bucket) or calls left in the window, for the view. */
export function headroom(l: Limiter, config: RateLimitConfig, now: Micros): number {
  switch (config.algorithm) {
    case 'token-bucket':
      return Math.floor(Math.min(config.burst * 1_000_000, l.level + (now - l.sinceUs) * config.ratePerSec) / 1_000_000);
    case 'leaky-bucket':
      return config.capacity;
    case 'fixed-window':
      return now - (now % config.windowUs) === l.sinceUs ? config.limit - l.level : config.limit;
    case 'sliding-window':
      return config.limit - l.log.filter((t) => t > now - config.windowUs).length;
  }
}
