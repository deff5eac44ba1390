import { fromMs, type Micros } from '../../kernel/time';
import { choiceSetting as choice, clampingReader, flagSetting as flag, settingsObject, type SettingsTable } from '../lib/settings';

/**
 * Settings of the primary-replica system. The failure detector's three numbers are Patroni's
 * (docs: "Dynamic configuration settings"): `ttl` 30 s, `loop_wait` 10 s, `retry_timeout` 10 s,
 * with its rule loop_wait + 2 · retry_timeout ≤ ttl, which this check enforces: a primary that
 * cannot renew its lease gives up being primary (after loop_wait + retry_timeout at most) before
 * the lease runs out for the others, so a live, running primary is never doubled. Only a primary
 * that cannot run at all (paused) outlives its lease: the false failover this system shows.
 * Users write milliseconds; the protocol keeps microseconds.
 */
export type ReplicationMode = 'async' | 'semi-sync' | 'sync';
export type ReadFrom = 'primary' | 'replica';

export interface PrimaryReplicaConfig {
  /** async: answer a write once it is in the primary's log; semi-sync: once one replica holds it; sync: once every replica does. */
  replication: ReplicationMode;
  /** Epochs checked by replicas, clients and the primary itself: a lower epoch is refused and steps down. */
  fencing: boolean;
  /** Promote a replica when the lease expires (Patroni); false: only the `promote` command fails over. */
  autoFailover: boolean;
  /** Patroni ttl: how long the leader key lives without a renewal. */
  ttlUs: Micros;
  /** Patroni loop_wait: how often the primary renews and every replica probes the lease. */
  loopWaitUs: Micros;
  /** Patroni retry_timeout: how long the primary waits for a renewal before it demotes itself. */
  retryTimeoutUs: Micros;
  /** Patroni maximum_lag_on_failover, counted in log entries (Patroni counts bytes): a replica further behind never runs for primary. */
  maximumLagOnFailover: number;
  /** How often the primary re-ships what a replica has not acknowledged (a WAL sender's keepalive). */
  shipIntervalUs: Micros;
  /** How often the primary records every replica's lag (the chart's samples). */
  lagSampleUs: Micros;
  /** The client load: one operation every this long. */
  operationIntervalUs: Micros;
  /** The fraction of operations that are reads (0 to 1). */
  readFraction: number;
  /** Where clients send reads. */
  readFrom: ReadFrom;
  /** Lag-aware read routing: a replica further behind than this many entries sends reads to the primary; 0 = off. */
  maxReadLagEntries: number;
  /** Keys k1..kN the load writes and reads. */
  keys: number;
  /** How long a client waits for an answer before trying another server. */
  clientTimeoutUs: Micros;
  /** Change-data-capture consumers keep (index, epoch) positions, so a failover's changed history is retracted and re-read. */
  cdcEpochs: boolean;
  /** How often a change consumer asks for what is new. */
  cdcPollUs: Micros;
}

const SETTINGS = {
  ttlMs: { fallback: 30_000, min: 10, max: 3_600_000, integer: false },
  loopWaitMs: { fallback: 10_000, min: 1, max: 3_600_000, integer: false },
  retryTimeoutMs: { fallback: 10_000, min: 1, max: 3_600_000, integer: false },
  maximumLagOnFailover: { fallback: 100, min: 0, max: 1_000_000, integer: true },
  shipIntervalMs: { fallback: 100, min: 1, max: 60_000, integer: false },
  lagSampleMs: { fallback: 250, min: 10, max: 60_000, integer: false },
  operationIntervalMs: { fallback: 200, min: 1, max: 60_000, integer: false },
  readFraction: { fallback: 0.3, min: 0, max: 1, integer: false },
  maxReadLagEntries: { fallback: 0, min: 0, max: 1_000_000, integer: true },
  keys: { fallback: 3, min: 1, max: 100, integer: true },
  clientTimeoutMs: { fallback: 1000, min: 1, max: 60_000, integer: false },
  cdcPollMs: { fallback: 200, min: 1, max: 60_000, integer: false },
} as const satisfies SettingsTable;

const MODES: readonly ReplicationMode[] = ['async', 'semi-sync', 'sync'];
const READ_FROM: readonly ReadFrom[] = ['primary', 'replica'];
const KNOWN_KEYS = new Set<string>([...Object.keys(SETTINGS), 'replication', 'fencing', 'autoFailover', 'readFrom', 'cdcEpochs']);

const numberSetting = clampingReader(SETTINGS);

/** Fills the defaults, clamps numbers into range, enforces Patroni's rule; throws a RangeError naming a bad field. */
export function configurePrimaryReplica(raw: unknown): PrimaryReplicaConfig {
  const r = settingsObject(raw, 'primary-replica', (key) => KNOWN_KEYS.has(key));
  const ttlMs = numberSetting(r, 'ttlMs');
  const loopWaitMs = numberSetting(r, 'loopWaitMs');
  const retryTimeoutMs = numberSetting(r, 'retryTimeoutMs');
  if (loopWaitMs + 2 * retryTimeoutMs > ttlMs) {
    throw new RangeError(
      `loopWaitMs + 2 × retryTimeoutMs must not exceed ttlMs (Patroni's rule): ${loopWaitMs} + 2 × ${retryTimeoutMs} > ${ttlMs}`,
    );
  }
  return {
    replication: choice(r, 'replication', MODES, 'async'),
    fencing: flag(r, 'fencing', true),
    autoFailover: flag(r, 'autoFailover', true),
    ttlUs: fromMs(ttlMs),
    loopWaitUs: fromMs(loopWaitMs),
    retryTimeoutUs: fromMs(retryTimeoutMs),
    maximumLagOnFailover: numberSetting(r, 'maximumLagOnFailover'),
    shipIntervalUs: fromMs(numberSetting(r, 'shipIntervalMs')),
    lagSampleUs: fromMs(numberSetting(r, 'lagSampleMs')),
    operationIntervalUs: fromMs(numberSetting(r, 'operationIntervalMs')),
    readFraction: numberSetting(r, 'readFraction'),
    readFrom: choice(r, 'readFrom', READ_FROM, 'replica'),
    maxReadLagEntries: numberSetting(r, 'maxReadLagEntries'),
    keys: numberSetting(r, 'keys'),
    clientTimeoutUs: fromMs(numberSetting(r, 'clientTimeoutMs')),
    cdcEpochs: flag(r, 'cdcEpochs', true),
    cdcPollUs: fromMs(numberSetting(r, 'cdcPollMs')),
  };
}

/**
 * How long a candidate waits for the other replicas' positions before it runs (Patroni asks
 * every member over its REST API and takes the answers it gets): a fifth of loop_wait.
 */
export function candidateWaitUs(config: PrimaryReplicaConfig): Micros {
  return Math.max(1, Math.floor(config.loopWaitUs / 5));
}

/**
 * The page's and the built-in scenarios' timings: Patroni's, ten times faster (ttl 3 s,
 * loop_wait 1 s, retry_timeout 1 s), so a failover happens within a few seconds of watching.
 */
export const TEACHING_TIMINGS = { ttlMs: 3000, loopWaitMs: 1000, retryTimeoutMs: 1000 } as const;
