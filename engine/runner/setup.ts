import type { AnyProtocol, Monitor } from '../kernel/protocol';
import { getProtocol } from '../protocols/registry';
import type { Scenario } from '../scenario/schema';
import { ScenarioError } from '../scenario/schema';
import { WorkloadStream } from '../scenario/workload';

/** What both runners derive from a scenario before the first event. */
export interface RunSetup {
  protocol: AnyProtocol;
  config: unknown;
  monitors: Monitor[];
  workload: WorkloadStream | null;
}

/** `override` replaces the registry's protocol of that name (tests run mutated copies of it). */
export function prepareRun(scenario: Scenario, withMonitors = true, override?: AnyProtocol): RunSetup {
  if (override && override.name !== scenario.protocol.name) {
    throw new ScenarioError(`the protocol given (${override.name}) is not the scenario's (${scenario.protocol.name})`);
  }
  const protocol = override ?? getProtocol(scenario.protocol.name);
  let config: unknown;
  try {
    config = protocol.configure(scenario.protocol.config);
    protocol.checkScenario?.(config, { nodes: scenario.nodes });
  } catch (error) {
    throw new ScenarioError(`protocol.config: ${(error as Error).message}`);
  }
  return {
    protocol,
    config,
    monitors: withMonitors ? (protocol.monitors?.(config, scenario.nodes, { healedAtUs: scenario.healedAtUs }) ?? []) : [],
    workload: makeWorkload(scenario, protocol, config),
  };
}

export function makeWorkload(scenario: Scenario, protocol: AnyProtocol, config: unknown): WorkloadStream | null {
  if (scenario.workload.kind === 'none') return null;
  const def = protocol.workload?.(config) ?? null;
  if (!def) return null;
  const interval = scenario.workload.kind === 'interval' ? scenario.workload.intervalUs : def.intervalUs;
  return new WorkloadStream(def, interval, scenario.seed);
}
