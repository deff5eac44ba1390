import { fromMs, type Micros } from '../../kernel/time';
import { clampingReader, settingsObject, type SettingsTable } from '../lib/settings';

/**
 * Multi-leader replication's settings. Users write milliseconds; the protocol keeps
 * microseconds. Numbers out of range are clamped; nonsense throws a RangeError naming the field.
 */
export interface MultiLeaderConfig {
  /** How many registers the store has (k1, k2, ...), each kept both as LWW and as siblings. */
  keys: number;
  /** Mean gap between client operations (writes, increments, adds and removes). */
  opIntervalUs: Micros;
  /** Every leader sends its whole state to every other this often (anti-entropy). */
  antiEntropyUs: Micros;
  /**
   * Each leader's clock skew, in leader order (L1 first; missing ones are 0): the LWW
   * timestamp a leader stamps is virtual time plus its skew.
   */
  clockSkewUs: readonly Micros[];
  /** From this time on the client load only reads, so the leaders can converge (0: never). */
  quietAfterUs: Micros;
}

const SETTINGS = {
  keys: { fallback: 3, min: 1, max: 16, integer: true },
  opIntervalMs: { fallback: 150, min: 1, max: 60_000, integer: false },
  antiEntropyMs: { fallback: 1000, min: 10, max: 60_000, integer: false },
  quietAfterMs: { fallback: 0, min: 0, max: 86_400_000, integer: false },
} as const satisfies SettingsTable;

/** Skews beyond ten seconds teach nothing more and would only dwarf every other number. */
export const MAX_SKEW_MS = 10_000;

const numberSetting = clampingReader(SETTINGS);

function skews(raw: unknown): Micros[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw) || raw.length > 64) throw new RangeError('clockSkewMs must be a list of at most 64 numbers (one per leader)');
  return raw.map((x) => {
    if (typeof x !== 'number' || !Number.isFinite(x)) throw new RangeError('clockSkewMs must hold numbers');
    return fromMs(Math.min(MAX_SKEW_MS, Math.max(-MAX_SKEW_MS, x)));
  });
}

export function configureMultiLeader(raw: unknown): MultiLeaderConfig {
  const r = settingsObject(raw, 'multi-leader', (key) => key in SETTINGS || key === 'clockSkewMs');
  return {
    keys: numberSetting(r, 'keys'),
    opIntervalUs: fromMs(numberSetting(r, 'opIntervalMs')),
    antiEntropyUs: fromMs(numberSetting(r, 'antiEntropyMs')),
    clockSkewUs: skews(r.clockSkewMs),
    quietAfterUs: fromMs(numberSetting(r, 'quietAfterMs')),
  };
}

export const keyName = (i: number) => `k${i + 1}`;

/** The elements client operations add to and remove from the shared set (a shopping cart). */
export const CART_ITEMS = ['apple', 'bread', 'cheese', 'dates', 'eggs', 'figs'] as const;

/** How long after the last heal (and the load going quiet) every leader must hold the same state. */
export function settleUs(config: MultiLeaderConfig): Micros {
  return 3 * config.antiEntropyUs + 500_000;
}
