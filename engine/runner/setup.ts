import type { AnyProtocol, Monitor, NodeId } from '../kernel/protocol';
import { kindsOf, nodesOf, scenarioLayout, topologyProblem, type TopologyLayout } from '../kernel/topology';
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
  /** The scenario's topology placed against the protocol: kinds, ids, names, group settings. */
  layout: TopologyLayout;
}

/** `override` replaces the registry's protocol of that name (tests run mutated copies of it). */
export function prepareRun(scenario: Scenario, withMonitors = true, override?: AnyProtocol): RunSetup {
  if (override && override.name !== scenario.protocol.name) {
    throw new ScenarioError(`the protocol given (${override.name}) is not the scenario's (${scenario.protocol.name})`);
  }
  const protocol = override ?? getProtocol(scenario.protocol.name);
  const layout = checkedLayout(scenario, protocol);
  let config: unknown;
  try {
    config = protocol.configure(scenario.protocol.config);
    protocol.checkScenario?.(config, { nodes: scenario.nodes, topology: layout });
  } catch (error) {
    throw new ScenarioError(`protocol.config: ${(error as Error).message}`);
  }
  return {
    protocol,
    config,
    monitors: withMonitors ? (protocol.monitors?.(config, scenario.nodes, { healedAtUs: scenario.healedAtUs, topology: layout }) ?? []) : [],
    workload: makeWorkload(scenario, protocol, config, layout),
    layout,
  };
}

/** The scenario's topology checked against the protocol's kinds, and placed. */
export function checkedLayout(scenario: Scenario, protocol: AnyProtocol): TopologyLayout {
  const kinds = kindsOf(protocol);
  if (scenario.topology) {
    const problem = topologyProblem(scenario.topology, scenario.nodes, kinds);
    if (problem) throw new ScenarioError(problem);
  }
  return scenarioLayout(scenario, kinds);
}

export function makeWorkload(scenario: Scenario, protocol: AnyProtocol, config: unknown, layout: TopologyLayout): WorkloadStream | null {
  if (scenario.workload.kind === 'none') return null;
  const def = protocol.workload?.(config, layout) ?? null;
  if (!def) return null;
  const interval = scenario.workload.kind === 'interval' ? scenario.workload.intervalUs : def.intervalUs;
  return new WorkloadStream(def, interval, scenario.seed, workloadTargets(layout, def.target, scenario.nodes));
}

/**
 * The nodes operations may go to: those of the workload's target kind (the main kind by
 * default). Null when that is every node, so a run of one group draws exactly as before.
 */
export function workloadTargets(layout: TopologyLayout, target: string | undefined, nodes: number): readonly NodeId[] | null {
  const kind = target ?? layout.main;
  const ids = nodesOf(layout, kind);
  if (ids.length === 0) throw new ScenarioError(`the workload goes to nodes of kind "${kind}", and the topology has none`);
  return ids.length === nodes ? null : ids;
}
