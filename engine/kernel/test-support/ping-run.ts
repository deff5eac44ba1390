import type { TimedAction } from '../actions';
import type { TraceEvent } from '../trace';
import { InProcessRunner } from '../../runner/inprocess';
import { defaultScenario } from '../../scenario/schema';

/**
 * The fault tests' harness (slow.test.ts, pause.test.ts): three ping nodes on a network with a
 * fixed latency, so when a message arrived can be worked out from its trace event
 * (`sentAt + PING_LATENCY_US`), no client workload, and `timeline` as the only faults.
 */
export const PING_LATENCY_US = 10_000;

export interface PingRun {
  readonly runner: InProcessRunner;
  /** Every trace event of the run so far, in order (filled as the runner advances). */
  readonly trace: TraceEvent[];
}

export function pingRun(timeline: TimedAction[], untilUs = 3_000_000): PingRun {
  const scenario = defaultScenario({
    protocol: 'ping',
    nodes: 3,
    seed: 4,
    untilUs,
    workload: { kind: 'none' },
    network: { latencyUs: { min: PING_LATENCY_US, max: PING_LATENCY_US } },
    timeline,
  });
  const trace: TraceEvent[] = [];
  const runner = new InProcessRunner(scenario, { sink: (e) => trace.push(e) });
  return { runner, trace };
}
