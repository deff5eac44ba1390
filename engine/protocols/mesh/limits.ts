import type { Micros } from '../../kernel/time';

/**
 * Rate limiters (per route, in the calling sidecar). Each admits a call or not, from plain data:
 *
 * - token bucket: `burst` tokens, refilled at `ratePerSec`; a call takes one. In any window of
 *   length t it admits at most burst + rate·t calls. Tokens are counted in millionths so refills
 *   stay integers (rate per second = millionths per µs).
 * - fixed window: at most `limit` calls in each aligned window of `windowUs` (two windows'
 *   worth may pass around a boundary: the known weakness).
 * - sliding window, a log of admission times: at most `limit` calls in any window of `windowUs`.
 *
 * A bulkhead (resilience4j's SemaphoreBulkhead with maxWaitDuration 0) is a count of calls in
 * flight against `maxConcurrentCalls`; it needs no module of its own.
 */
export type RateLimitConfig =
  | { algorithm: 'token-bucket'; ratePerSec: number; burst: number }
  | { algorithm: 'fixed-window'; limit: number; windowUs: Micros }
  | { algorithm: 'sliding-window'; limit: number; windowUs: Micros };

export interface Limiter {
  /** Token bucket: millionths of a token; windows: calls counted in the current one. */
  level: number;
  /** Token bucket: when it last refilled; fixed window: the current window's start. */
  sinceUs: Micros;
  /** Sliding window: admission times of the last window, oldest first. */
  log: Micros[];
}

export function newLimiter(config: RateLimitConfig): Limiter {
  return { level: config.algorithm === 'token-bucket' ? config.burst * 1_000_000 : 0, sinceUs: 0, log: [] };
}

/** Admits one call now if the limit allows it. */
export function tryAdmit(l: Limiter, config: RateLimitConfig, now: Micros): boolean {
  switch (config.algorithm) {
    case 'token-bucket': {
      l.level = Math.min(config.burst * 1_000_000, l.level + (now - l.sinceUs) * config.ratePerSec);
      l.sinceUs = now;
      if (l.level < 1_000_000) return false;
      l.level -= 1_000_000;
      return true;
    }
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
    case 'fixed-window':
      return now - (now % config.windowUs) === l.sinceUs ? config.limit - l.level : config.limit;
    case 'sliding-window':
      return config.limit - l.log.filter((t) => t > now - config.windowUs).length;
  }
}
