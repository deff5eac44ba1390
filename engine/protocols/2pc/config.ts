import { fromMs, type Micros } from '../../kernel/time';
import { clampingReader, settingsObject, type SettingsTable } from '../lib/settings';

/**
 * Two-phase commit's settings. Users write milliseconds; the protocol keeps microseconds.
 * Numbers out of range are clamped; nonsense throws a RangeError naming the field.
 */
export interface TwoPcConfig {
  /** How many keys the store has (k1, k2, ...), spread over the participants round robin. */
  keys: number;
  /** How many distinct keys one transaction writes. */
  keysPerTxn: number;
  /** Mean gap between client transactions. */
  txnIntervalUs: Micros;
  /** The coordinator aborts a transaction whose votes are not all in by then (§3: it may abort before deciding). */
  voteTimeoutUs: Micros;
  /** The coordinator sends its decision again to participants that have not acknowledged it. */
  resendUs: Micros;
  /** A participant in doubt (voted yes, no decision yet) asks the coordinator this often. */
  queryUs: Micros;
  /** How often a participant votes no on its own (the application refuses: a constraint fails). */
  refuseRate: number;
}

const SETTINGS = {
  keys: { fallback: 6, min: 1, max: 64, integer: true },
  keysPerTxn: { fallback: 2, min: 1, max: 8, integer: true },
  txnIntervalMs: { fallback: 250, min: 1, max: 60_000, integer: false },
  voteTimeoutMs: { fallback: 300, min: 1, max: 60_000, integer: false },
  resendMs: { fallback: 200, min: 1, max: 60_000, integer: false },
  queryMs: { fallback: 400, min: 1, max: 60_000, integer: false },
  refuseRate: { fallback: 0.05, min: 0, max: 1, integer: false },
} as const satisfies SettingsTable;

const numberSetting = clampingReader(SETTINGS);

export function configureTwoPc(raw: unknown): TwoPcConfig {
  const r = settingsObject(raw, '2pc', (key) => key in SETTINGS);
  const keys = numberSetting(r, 'keys');
  return {
    keys,
    keysPerTxn: Math.min(keys, numberSetting(r, 'keysPerTxn')),
    txnIntervalUs: fromMs(numberSetting(r, 'txnIntervalMs')),
    voteTimeoutUs: fromMs(numberSetting(r, 'voteTimeoutMs')),
    resendUs: fromMs(numberSetting(r, 'resendMs')),
    queryUs: fromMs(numberSetting(r, 'queryMs')),
    refuseRate: numberSetting(r, 'refuseRate'),
  };
}

export const keyName = (i: number) => `k${i + 1}`;

/** The participant that holds `key`: keys are dealt round robin over the participants. */
export function ownerOf(key: string, participants: readonly number[]): number {
  const index = Number(key.slice(1)) - 1;
  return participants[((index % participants.length) + participants.length) % participants.length]!;
}
