import { defaultScenario, type Scenario } from './schema';

/**
 * A two-group scenario for tests of both runners: four ping members and two observers (ping's
 * second kind, at a group setting of their own), one observer close to S1 and one far from S2
 * one way, client load on the members, a crash, a restart, a latency change and a cut.
 */
export function observedMesh(seed = 3): Scenario {
  return defaultScenario({
    protocol: 'ping',
    seed,
    untilUs: 2_000_000,
    topology: { groups: [{ kind: 'member', count: 4 }, { kind: 'observer', count: 2, config: { pingIntervalMs: 250 } }] },
    network: {
      latencyUs: { min: 10_000, max: 15_000 },
      links: [
        { from: 4, to: 0, latencyUs: { min: 2_000, max: 3_000 } },
        { from: 5, to: 1, latencyUs: { min: 40_000, max: 60_000 }, oneWay: true },
      ],
    },
    workload: { kind: 'interval', intervalUs: 20_000 },
    timeline: [
      { at: 500_000, action: { kind: 'crash', node: 1 } },
      { at: 900_000, action: { kind: 'network', latencyUs: { min: 20_000, max: 30_000 } } },
      { at: 1_200_000, action: { kind: 'restart', node: 1 } },
      { at: 1_300_000, action: { kind: 'cut', from: 4, to: 2, oneWay: false } },
    ],
  });
}

