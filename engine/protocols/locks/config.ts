import { fromMs, type Micros } from '../../kernel/time';
import { choiceSetting, clampingReader, flagSetting, settingsObject, type SettingsTable } from '../lib/settings';

/**
 * Settings of the lock service (README.md). Users write milliseconds; the protocol keeps µs.
 * The lease arithmetic is Redlock's (redis.io "Distributed Locks with Redis", the algorithm's
 * steps 3 and 4): a client that asked at `start` holds the lock until
 * `start + TTL − drift`, where `drift = TTL × clockDriftFactor + 2 ms` (the reference
 * implementation's CLOCK_DRIFT_FACTOR 0.01 and its 2 ms for Redis's expiry precision).
 */
export type LockMode = 'redlock' | 'consensus';

export interface LocksConfig {
  /** redlock: independent lock servers, a majority of grants; consensus: one replicated lease table (README "Why not Raft itself"). */
  mode: LockMode;
  /** The storage refuses a token lower than the highest it has seen (Kleppmann's fencing tokens). */
  fencing: boolean;
  /** How long a lease lasts (Redlock's PX). */
  leaseTtlUs: Micros;
  /** Redlock's CLOCK_DRIFT_FACTOR: the share of the TTL given up for clocks that run at different rates. */
  clockDriftFactor: number;
  /** How long a client waits for the lock servers' answers before it decides (Redlock: small beside the TTL). */
  requestTimeoutUs: Micros;
  /** How long a client waits, plus up to as much again at random, before it tries again after failing. */
  retryDelayUs: Micros;
  /** The work a holder does before each write (the window a pause can fall into). */
  workUs: Micros;
  /** Writes per holding of the lock. */
  writesPerHold: number;
  /** How long a client rests after releasing, plus up to as much again at random. */
  thinkUs: Micros;
  /** Consensus mode: election timeout range (Raft §5.2) and the leader's heartbeat. */
  electionTimeoutMinUs: Micros;
  electionTimeoutMaxUs: Micros;
  heartbeatUs: Micros;
}

const SETTINGS = {
  leaseTtlMs: { fallback: 1000, min: 10, max: 600_000, integer: false },
  clockDriftFactor: { fallback: 0.01, min: 0, max: 0.5, integer: false },
  requestTimeoutMs: { fallback: 50, min: 1, max: 60_000, integer: false },
  retryDelayMs: { fallback: 200, min: 1, max: 60_000, integer: false },
  workMs: { fallback: 150, min: 0, max: 600_000, integer: false },
  writesPerHold: { fallback: 2, min: 1, max: 100, integer: true },
  thinkMs: { fallback: 300, min: 0, max: 600_000, integer: false },
  electionTimeoutMinMs: { fallback: 150, min: 10, max: 60_000, integer: false },
  electionTimeoutMaxMs: { fallback: 300, min: 10, max: 60_000, integer: false },
  heartbeatMs: { fallback: 50, min: 1, max: 60_000, integer: false },
} as const satisfies SettingsTable;

const MODES: readonly LockMode[] = ['redlock', 'consensus'];
const KNOWN_KEYS = new Set<string>([...Object.keys(SETTINGS), 'mode', 'fencing']);

const numberSetting = clampingReader(SETTINGS);

/** Fills the defaults and clamps numbers into range; throws a RangeError naming a bad field. */
export function configureLocks(raw: unknown): LocksConfig {
  const r = settingsObject(raw, 'locks', (key) => KNOWN_KEYS.has(key));
  const mode = choiceSetting(r, 'mode', MODES, 'redlock');
  const fencing = flagSetting(r, 'fencing', false);
  const minMs = numberSetting(r, 'electionTimeoutMinMs');
  const maxMs = numberSetting(r, 'electionTimeoutMaxMs');
  if (maxMs < minMs) throw new RangeError(`electionTimeoutMaxMs (${maxMs}) must not be below electionTimeoutMinMs (${minMs})`);
  return {
    mode,
    fencing,
    leaseTtlUs: fromMs(numberSetting(r, 'leaseTtlMs')),
    clockDriftFactor: numberSetting(r, 'clockDriftFactor'),
    requestTimeoutUs: fromMs(numberSetting(r, 'requestTimeoutMs')),
    retryDelayUs: fromMs(numberSetting(r, 'retryDelayMs')),
    workUs: fromMs(numberSetting(r, 'workMs')),
    writesPerHold: numberSetting(r, 'writesPerHold'),
    thinkUs: fromMs(numberSetting(r, 'thinkMs')),
    electionTimeoutMinUs: fromMs(minMs),
    electionTimeoutMaxUs: fromMs(maxMs),
    heartbeatUs: fromMs(numberSetting(r, 'heartbeatMs')),
  };
}

/** Redlock's drift allowance: TTL × factor + 2 ms. */
export function driftUs(config: LocksConfig): Micros {
  return Math.floor(config.leaseTtlUs * config.clockDriftFactor) + 2_000;
}

/** Redlock step 3: the time a lock acquired (or renewed) at `startUs` stays valid, as an instant. */
export function validUntilUs(config: LocksConfig, startUs: Micros): Micros {
  return startUs + config.leaseTtlUs - driftUs(config);
}
