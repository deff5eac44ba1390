import { getProtocol } from '../engine/protocols/registry';
import { defaultScenario, type Scenario } from '../engine/scenario/schema';

/**
 * The benchmark's scenario, shaped like RaftScope's defaults: latency 10-15 ms, election
 * timeout 100-200 ms, a client write every 10 ms. Raft when it is registered, else ping.
 */
export function benchProtocol(): string {
  try {
    getProtocol('raft');
    return 'raft';
  } catch {
    return 'ping';
  }
}

export function benchScenario(nodes: number, untilMs: number): Scenario {
  const protocol = benchProtocol();
  return defaultScenario({
    protocol,
    nodes,
    seed: 7,
    untilUs: untilMs * 1000,
    config: protocol === 'raft' ? { electionTimeoutMsMin: 100, electionTimeoutMsMax: 200 } : {},
    network: { latencyUs: { min: 10_000, max: 15_000 } },
    workload: { kind: 'interval', intervalUs: 10_000 },
  });
}
