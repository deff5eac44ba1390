import { SCENARIO_VERSION, type Scenario } from '../../../engine/scenario/schema';

/** "+ Server" stops here: every server is a real worker and a disc on the projector. */
export const MAX_SERVERS = 15;

/**
 * What a first visit runs: five Raft servers with RaftScope's timing, a client write every
 * quarter second so the logs grow at a pace one can follow. Of the scenario's server slots
 * (at least MAX_SERVERS), the first `nodes` run: the rest are spares for "+ Server".
 */
export function raftDefaultScenario({ seed, nodes: asked }: { seed: number; nodes: number | null }): Scenario {
  const nodes = asked ?? 5;
  const slots = Math.max(MAX_SERVERS, nodes);
  return {
    version: SCENARIO_VERSION,
    seed,
    protocol: {
      name: 'raft',
      config: {
        electionTimeoutMsMin: 150,
        electionTimeoutMsMax: 300,
        heartbeatIntervalMs: 50,
        initialMembers: Array.from({ length: nodes }, (_, i) => i),
      },
    },
    nodes: slots,
    initiallyDown: Array.from({ length: slots - nodes }, (_, i) => nodes + i),
    network: { latencyUs: { min: 10_000, max: 15_000 }, lossRate: 0, duplicateRate: 0 },
    workload: { kind: 'interval', intervalUs: 250_000 },
    timeline: [],
    untilUs: 3_600_000_000,
    healedAtUs: null,
  };
}
