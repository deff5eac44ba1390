import { RandomStream } from '../kernel/random';
import { fromMs, type Micros } from '../kernel/time';
import { getProtocol } from '../protocols/registry';
import type { Scenario } from '../scenario/schema';
import type { ExperimentStep } from './spec';

/**
 * When a step acts in one run: its time plus a seeded offset drawn uniformly from [0, jitter).
 *
 * The jitter is either a fixed number of milliseconds or `'heartbeat'`: one heartbeat interval
 * of the run's own protocol settings (the template's, after the variant's overrides). The Raft
 * paper crashed the leader "uniformly randomly within its heartbeat interval" in every test of
 * Figure 16 (§9.3); when the variants scale that interval (the lower graph), so must the jitter.
 */

/** The step jitter that stands for "one heartbeat interval of this run's protocol settings". */
export const HEARTBEAT_JITTER = 'heartbeat';

/**
 * The run's heartbeat interval in whole microseconds, as the protocol itself rounds it (Raft's
 * `heartbeatIntervalMs`, default included), or null if its settings have none.
 */
export function heartbeatIntervalUs(scenario: Scenario): Micros | null {
  const config = getProtocol(scenario.protocol.name).configure(scenario.protocol.config) as { heartbeatIntervalUs?: unknown };
  const us = config?.heartbeatIntervalUs;
  return typeof us === 'number' && Number.isSafeInteger(us) && us > 0 ? us : null;
}

/** The step's jitter in this run, in µs; throws if it asks for a heartbeat the protocol lacks. */
export function stepJitterUs(step: ExperimentStep, scenario: Scenario): Micros {
  if (step.jitterMs !== HEARTBEAT_JITTER) return fromMs(step.jitterMs);
  const heartbeat = heartbeatIntervalUs(scenario);
  if (heartbeat === null) throw new RangeError(`jitterMs "${HEARTBEAT_JITTER}" needs a protocol with a heartbeat interval, not ${scenario.protocol.name}`);
  return heartbeat;
}

/**
 * When step `index` acts in the run of `scenario` (one variant, one seed). The offset comes from
 * the stream `experiment/step/<index>` of the seed, so with a fixed jitter every variant of a
 * seed gets the same offset; with `'heartbeat'` the same stream draws from each variant's range.
 */
export function stepTime(step: ExperimentStep, index: number, scenario: Scenario): Micros {
  const jitter = stepJitterUs(step, scenario);
  const offset = jitter > 1 ? RandomStream.derive(scenario.seed, `experiment/step/${index}`).int(0, jitter - 1) : 0;
  return fromMs(step.atMs) + offset;
}
