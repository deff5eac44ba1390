import { fromMs, type Micros } from '../../kernel/time';
import { clampingReader, flagSetting, settingsObject, type SettingsTable } from '../lib/settings';

/**
 * SWIM's settings, with HashiCorp memberlist's `DefaultLANConfig` as the defaults (config.go).
 * Users write milliseconds (`probeIntervalMs`); the protocol keeps microseconds, the engine's
 * unit of virtual time. Numbers out of range are clamped into it; nonsense (not a number, a
 * fraction where a count is meant, an unknown key) throws a RangeError naming the field.
 */
export interface SwimConfig {
  /** SWIM's protocol period T' (§3.1): one probe per period. memberlist ProbeInterval, 1 s. */
  probeIntervalUs: Micros;
  /** How long the direct ping waits for its ack before asking others (§3.1). memberlist ProbeTimeout, 500 ms. */
  probeTimeoutUs: Micros;
  /** k, the members asked to ping-req the target (§3.1). memberlist IndirectChecks, 3. */
  indirectChecks: number;
  /** Suspicion lasts suspicionMult · max(1, log10 n) probe periods at least (§4.2). memberlist SuspicionMult, 4. */
  suspicionMult: number;
  /** Lifeguard's dynamic suspicion starts at this multiple of the minimum and shrinks with confirmations. memberlist, 6. */
  suspicionMaxTimeoutMult: number;
  /** λ: each update is piggybacked retransmitMult · ceil(log10(n + 1)) times (§4.1). memberlist RetransmitMult, 4. */
  retransmitMult: number;
  /** Infection-style gossip besides the probes: every gossipInterval to gossipNodes members. memberlist, 200 ms. */
  gossipIntervalUs: Micros;
  gossipNodes: number;
  /** Dead members still receive gossip this long, so one declared dead by mistake hears it and refutes. memberlist, 30 s. */
  gossipToTheDeadUs: Micros;
  /** How many updates one message carries at most (memberlist fills a 1400-byte UDP packet). */
  maxPiggybacked: number;
  /** Full state exchange with a random live member (memberlist PushPullInterval, 30 s); 0: never. */
  pushPullIntervalUs: Micros;
  /** Serf's reconnect: a push-pull with a random dead member, which heals partitions (Serf ReconnectInterval, 30 s); 0: never. */
  reconnectIntervalUs: Micros;
  /**
   * Lifeguard (Dadgar et al. 2018): the local health multiplier (§4.1, probe deadlines scale
   * with missed acks and nacks), dynamic suspicion (§4.2, timeouts shrink from the ×max cap as
   * independent confirmations arrive) and nacks from ping-req helpers. False: plain SWIM with
   * memberlist's fixed minimum suspicion timeout.
   */
  lifeguard: boolean;
  /** Lifeguard's LHM saturates at this multiplier. memberlist AwarenessMaxMultiplier, 8. */
  awarenessMaxMultiplier: number;
  /**
   * §4.3's round-robin over a shuffled list (memberlist); false: §3.1's basic SWIM, a target
   * drawn at random every period, for the paper's e/(e − 1) figure.
   */
  roundRobin: boolean;
}

const SETTINGS = {
  probeIntervalMs: { fallback: 1000, min: 10, max: 60_000, integer: false },
  probeTimeoutMs: { fallback: 500, min: 1, max: 60_000, integer: false },
  indirectChecks: { fallback: 3, min: 0, max: 16, integer: true },
  suspicionMult: { fallback: 4, min: 1, max: 32, integer: true },
  suspicionMaxTimeoutMult: { fallback: 6, min: 1, max: 32, integer: true },
  retransmitMult: { fallback: 4, min: 1, max: 32, integer: true },
  gossipIntervalMs: { fallback: 200, min: 0, max: 60_000, integer: false },
  gossipNodes: { fallback: 3, min: 0, max: 64, integer: true },
  gossipToTheDeadMs: { fallback: 30_000, min: 0, max: 3_600_000, integer: false },
  maxPiggybacked: { fallback: 16, min: 1, max: 256, integer: true },
  pushPullIntervalMs: { fallback: 30_000, min: 0, max: 3_600_000, integer: false },
  reconnectIntervalMs: { fallback: 30_000, min: 0, max: 3_600_000, integer: false },
  awarenessMaxMultiplier: { fallback: 8, min: 1, max: 64, integer: true },
} as const satisfies SettingsTable;

const KNOWN_KEYS = new Set<string>([...Object.keys(SETTINGS), 'lifeguard', 'roundRobin']);

const numberSetting = clampingReader(SETTINGS);

/** Fills memberlist's defaults, clamps numbers into range, and throws a RangeError naming a bad field. */
export function configureSwim(raw: unknown): SwimConfig {
  const r = settingsObject(raw, 'swim', (key) => KNOWN_KEYS.has(key));
  const lifeguard = flagSetting(r, 'lifeguard', true);
  const roundRobin = flagSetting(r, 'roundRobin', true);
  const probeIntervalMs = numberSetting(r, 'probeIntervalMs');
  // The direct ping must leave time for the indirect probes inside the period (§3.1).
  const probeTimeoutMs = Math.min(numberSetting(r, 'probeTimeoutMs'), probeIntervalMs);
  return {
    probeIntervalUs: fromMs(probeIntervalMs),
    probeTimeoutUs: fromMs(probeTimeoutMs),
    indirectChecks: numberSetting(r, 'indirectChecks'),
    suspicionMult: numberSetting(r, 'suspicionMult'),
    suspicionMaxTimeoutMult: numberSetting(r, 'suspicionMaxTimeoutMult'),
    retransmitMult: numberSetting(r, 'retransmitMult'),
    gossipIntervalUs: fromMs(numberSetting(r, 'gossipIntervalMs')),
    gossipNodes: numberSetting(r, 'gossipNodes'),
    gossipToTheDeadUs: fromMs(numberSetting(r, 'gossipToTheDeadMs')),
    maxPiggybacked: numberSetting(r, 'maxPiggybacked'),
    pushPullIntervalUs: fromMs(numberSetting(r, 'pushPullIntervalMs')),
    reconnectIntervalUs: fromMs(numberSetting(r, 'reconnectIntervalMs')),
    lifeguard,
    awarenessMaxMultiplier: numberSetting(r, 'awarenessMaxMultiplier'),
    roundRobin,
  };
}

/**
 * memberlist's suspicionTimeout (util.go): mult · max(1, log10(max(1, n))) · interval, rounded
 * down to the millisecond. Its docs write "log(N+1)"; the code takes log10 with a floor of 1, so
 * up to 10 members it is 4 s at the defaults and 64 members get 4 · 1.806 s.
 */
export function suspicionTimeoutUs(config: SwimConfig, n: number): Micros {
  const nodeScale = Math.max(1, Math.log10(Math.max(1, n)));
  return Math.floor((config.suspicionMult * nodeScale * config.probeIntervalUs) / 1000) * 1000;
}

/** memberlist's retransmitLimit (util.go): retransmitMult · ceil(log10(n + 1)), SWIM's λ log n (§4.1). */
export function retransmitLimit(config: SwimConfig, n: number): number {
  return config.retransmitMult * Math.ceil(Math.log10(n + 1));
}
