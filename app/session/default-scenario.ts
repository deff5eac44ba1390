import { SCENARIO_VERSION, type Scenario } from '../../engine/scenario/schema';

/**
 * What a first visit runs: five Raft servers with RaftScope's timing, a client write every
 * quarter second so the logs grow at a pace one can follow. `?seed=` and `?nodes=` override
 * (the full share-link format arrives with the sharing issue).
 */
export function defaultScenario(params: URLSearchParams, randomSeed: number): Scenario {
  const seed = clampInt(params.get('seed'), 0, 0xffffffff) ?? randomSeed;
  // Up to 25 servers from the URL (the benchmark draws that many); "+ Server" stops at 15.
  const nodes = clampInt(params.get('nodes'), 1, 25) ?? 5;
  const slots = Math.max(15, nodes);
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
    // Of the slots, the first `nodes` run: the rest are spares for "add server".
    initiallyDown: Array.from({ length: slots - nodes }, (_, i) => nodes + i),
    network: { latencyUs: { min: 10_000, max: 15_000 }, lossRate: 0, duplicateRate: 0 },
    workload: { kind: 'interval', intervalUs: 250_000 },
    timeline: [],
    untilUs: 3_600_000_000,
    healedAtUs: null,
  };
}

function clampInt(raw: string | null, min: number, max: number): number | null {
  if (raw === null || !/^\d+$/.test(raw)) return null;
  return Math.min(max, Math.max(min, Number(raw)));
}
