import { fromMs, type Micros } from '../../kernel/time';
import { choiceSetting, clampingReader, flagSetting, settingsObject, type SettingsTable } from '../lib/settings';

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
  /**
   * Who decides: `coordinator` is classic two-phase commit (one transaction manager, README.md);
   * `paxos` is Gray and Lamport's Paxos Commit (§4, paxos-commit.ts): each participant's vote is
   * chosen by a Paxos instance whose acceptors are the `acceptor` nodes, so the decision survives
   * a crashed coordinator while a majority of acceptors lives. Absent means `coordinator`, so the
   * links made before this setting existed replay unchanged.
   */
  commit: CommitMode;
  /**
   * Classic mode only: the cooperative termination protocol (Bernstein et al. §7.4). A participant
   * in doubt that hears nothing from the coordinator also asks the other participants; one that
   * knows the outcome, or never voted yes (and so may abort), answers. Off by default.
   */
  cooperative: boolean;
}

export type CommitMode = 'coordinator' | 'paxos';
export const COMMIT_MODES: readonly CommitMode[] = ['coordinator', 'paxos'];

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
  const r = settingsObject(raw, '2pc', (key) => key in SETTINGS || key === 'commit' || key === 'cooperative');
  const commit = choiceSetting(r, 'commit', COMMIT_MODES, 'coordinator');
  const cooperative = flagSetting(r, 'cooperative', false);
  const keys = numberSetting(r, 'keys');
  return {
    keys,
    keysPerTxn: Math.min(keys, numberSetting(r, 'keysPerTxn')),
    txnIntervalUs: fromMs(numberSetting(r, 'txnIntervalMs')),
    voteTimeoutUs: fromMs(numberSetting(r, 'voteTimeoutMs')),
    resendUs: fromMs(numberSetting(r, 'resendMs')),
    queryUs: fromMs(numberSetting(r, 'queryMs')),
    refuseRate: numberSetting(r, 'refuseRate'),
    commit,
    cooperative,
  };
}

/** A majority of `n` acceptors: Paxos's quorum (2F + 1 acceptors tolerate F crashes). */
export const majorityOf = (n: number) => Math.floor(n / 2) + 1;

export const keyName = (i: number) => `k${i + 1}`;

/** The participant that holds `key`: keys are dealt round robin over the participants. */
export function ownerOf(key: string, participants: readonly number[]): number {
  const index = Number(key.slice(1)) - 1;
  return participants[((index % participants.length) + participants.length) % participants.length]!;
}
