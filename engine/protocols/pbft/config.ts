import { fromMs, type Micros } from '../../kernel/time';
import { clampingReader, type SettingsTable } from '../lib/settings';

/**
 * PBFT's settings. Users write milliseconds; the protocol keeps microseconds. The paper's
 * implementation takes a checkpoint every 128 requests with a log window of 256 (§5); a teaching
 * run uses a small K so checkpoints, watermarks and garbage collection show within seconds.
 */
export interface PbftConfig {
  /** K: a checkpoint every K executed requests (§4.3). */
  checkpointInterval: number;
  /** L: the high watermark H = h + L (§4.3); at least 2K so the primary never waits for a checkpoint in a healthy run. */
  logWindow: number;
  /** A client waits this long for f + 1 matching replies, then broadcasts its request to every replica (§4.1). */
  clientTimeoutUs: Micros;
  /** A backup's timer for a request it knows and has not executed; on expiry it starts a view change (§4.4). */
  requestTimeoutUs: Micros;
  /** How long a replica waits for the NEW-VIEW of view v + 1 before moving to v + 2; doubled each time (§4.5.2). */
  viewChangeTimeoutUs: Micros;
  /** The client load: an operation every `workloadIntervalUs`, reads a fraction `readFraction`, keys k1..k`kvKeys`. */
  workloadIntervalUs: Micros;
  readFraction: number;
  kvKeys: number;
}

const SETTINGS = {
  checkpointInterval: { fallback: 4, min: 1, max: 1024, integer: true },
  logWindow: { fallback: 8, min: 2, max: 4096, integer: true },
  clientTimeoutMs: { fallback: 300, min: 1, max: 600_000, integer: false },
  requestTimeoutMs: { fallback: 500, min: 1, max: 600_000, integer: false },
  viewChangeTimeoutMs: { fallback: 500, min: 1, max: 600_000, integer: false },
  workloadIntervalMs: { fallback: 100, min: 1, max: 600_000, integer: false },
  readFraction: { fallback: 0.3, min: 0, max: 1, integer: false },
  kvKeys: { fallback: 3, min: 1, max: 1000, integer: true },
} as const satisfies SettingsTable;

const setting = clampingReader(SETTINGS);

export function configurePbft(raw: unknown): PbftConfig {
  if (raw !== undefined && (typeof raw !== 'object' || raw === null || Array.isArray(raw))) throw new RangeError('the PBFT config must be an object');
  const r = (raw ?? {}) as Record<string, unknown>;
  for (const key of Object.keys(r)) {
    if (!Object.prototype.hasOwnProperty.call(SETTINGS, key)) throw new RangeError(`PBFT has no setting "${key.slice(0, 40)}"`);
  }
  const checkpointInterval = setting(r, 'checkpointInterval');
  return {
    checkpointInterval,
    logWindow: Math.max(setting(r, 'logWindow'), checkpointInterval),
    clientTimeoutUs: fromMs(setting(r, 'clientTimeoutMs')),
    requestTimeoutUs: fromMs(setting(r, 'requestTimeoutMs')),
    viewChangeTimeoutUs: fromMs(setting(r, 'viewChangeTimeoutMs')),
    workloadIntervalUs: fromMs(setting(r, 'workloadIntervalMs')),
    readFraction: setting(r, 'readFraction'),
    kvKeys: setting(r, 'kvKeys'),
  };
}

/** f, the faults n = 3f + 1 replicas tolerate (§3): the largest f with 3f + 1 ≤ n. */
export function faultsTolerated(replicas: number): number {
  return Math.max(0, Math.floor((replicas - 1) / 3));
}
