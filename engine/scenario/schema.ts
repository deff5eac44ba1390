import * as v from 'valibot';
import { ACTORS, type TimedAction } from '../kernel/actions';
import type { NetworkModel } from '../kernel/faults';
import type { Micros } from '../kernel/time';
import { isMainOnly, kindsOf, MAX_GROUPS, topologyProblem, type TopologyGroup, type TopologySpec } from '../kernel/topology';
import { getProtocolIfKnown } from '../protocols/registry';
import { migrateScenario } from './migrations';
import { SCENARIO_VERSION, ScenarioError } from './version';

export { SCENARIO_VERSION, ScenarioError } from './version';

/**
 * A scenario fully decides a run (DESIGN.md invariant 1): seed, protocol and its settings,
 * topology, network model, client load and the timeline of actions. Files, share links, the
 * CLI and tests all go through `parseScenario`, the one door for untrusted input.
 */
export const MAX_NODES = 128;
export const MAX_ACTIONS = 20_000;
export const MAX_UNTIL_US = 24 * 3600 * 1_000_000;
/** Per-link latency overrides (network.links): enough for every directed link of 20 nodes. */
export const MAX_LINK_OVERRIDES = 400;

export interface Scenario {
  version: typeof SCENARIO_VERSION;
  seed: number;
  protocol: { name: string; config: Record<string, unknown> };
  /** Every node of every kind: the sum of the topology's group counts. */
  nodes: number;
  /**
   * Groups of nodes by kind, ids in group order (kernel/topology.ts). Absent: every node is of
   * the protocol's main kind (all a format-2 scenario knew). `parseScenario` leaves it out when
   * it says just that, and fills each group's prefix from its kind otherwise.
   */
  topology?: TopologySpec;
  /** Slots that exist but are not running at time 0 (spares for membership changes). */
  initiallyDown: number[];
  network: NetworkModel;
  /** Client load: the protocol's default, none, or the default at another interval. */
  workload: { kind: 'default' } | { kind: 'none' } | { kind: 'interval'; intervalUs: Micros };
  timeline: TimedAction[];
  /** How far a headless run goes; the page ignores it. */
  untilUs: Micros;
  /** Set when a nemesis wrote part of the timeline: the time every fault it made is healed. */
  healedAtUs: Micros | null;
}

const nodeIndex = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_NODES - 1));
const micros = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_UNTIL_US));
const rate = v.pipe(v.number(), v.minValue(0), v.maxValue(1));
const latency = v.pipe(
  v.strictObject({
    min: v.pipe(v.number(), v.integer(), v.minValue(1, 'the minimum latency must be at least 1 µs'), v.maxValue(60_000_000)),
    max: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(60_000_000)),
  }),
  v.check((l) => l.max >= l.min, 'latency max must not be below min'),
);
const messageId = v.strictObject({
  from: nodeIndex,
  fromIncarnation: v.pipe(v.number(), v.integer(), v.minValue(0)),
  fromSeq: v.pipe(v.number(), v.integer(), v.minValue(1)),
});
const command = v.looseObject({ type: v.pipe(v.string(), v.maxLength(64)) });
const topology = v.strictObject({
  groups: v.pipe(
    v.array(
      v.strictObject({
        kind: v.pipe(v.string(), v.maxLength(32)),
        count: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_NODES)),
        prefix: v.optional(v.pipe(v.string(), v.maxLength(4))),
        config: v.optional(v.record(v.string(), v.unknown())),
      }),
    ),
    v.minLength(1, 'needs at least one group'),
    v.maxLength(MAX_GROUPS),
  ),
});
const linkLatency = v.strictObject({ from: nodeIndex, to: nodeIndex, latencyUs: latency, oneWay: v.optional(v.boolean()) });

const action = v.variant('kind', [
  v.strictObject({ kind: v.literal('crash'), node: nodeIndex }),
  v.strictObject({ kind: v.literal('restart'), node: nodeIndex }),
  v.strictObject({ kind: v.literal('cut'), from: nodeIndex, to: nodeIndex, oneWay: v.boolean() }),
  v.strictObject({ kind: v.literal('restore'), from: nodeIndex, to: nodeIndex, oneWay: v.boolean() }),
  v.strictObject({ kind: v.literal('partition'), groups: v.pipe(v.array(v.array(nodeIndex)), v.maxLength(MAX_NODES)) }),
  v.strictObject({ kind: v.literal('heal') }),
  v.strictObject({
    kind: v.literal('network'),
    latencyUs: v.optional(latency),
    lossRate: v.optional(rate),
    duplicateRate: v.optional(rate),
  }),
  v.strictObject({ kind: v.literal('drop'), id: messageId }),
  v.strictObject({ kind: v.literal('command'), node: nodeIndex, command }),
  v.strictObject({ kind: v.literal('pause'), node: nodeIndex }),
  v.strictObject({ kind: v.literal('resume'), node: nodeIndex }),
  v.strictObject({ kind: v.literal('byzantine'), node: nodeIndex, policy: v.nullable(v.pipe(v.string(), v.minLength(1), v.maxLength(64))) }),
  // A slow node's receive delay: at most a minute (a node slower than that is as good as paused).
  v.strictObject({ kind: v.literal('slow'), node: nodeIndex, delayUs: v.pipe(micros, v.maxValue(60_000_000)) }),
]);

const scenarioSchema = v.strictObject({
  version: v.literal(SCENARIO_VERSION),
  seed: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(0xffffffff)),
  protocol: v.strictObject({
    name: v.pipe(v.string(), v.maxLength(64)),
    config: v.optional(v.record(v.string(), v.unknown()), {}),
  }),
  nodes: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_NODES)),
  topology: v.optional(topology),
  initiallyDown: v.optional(v.array(nodeIndex), []),
  network: v.strictObject({
    latencyUs: latency,
    lossRate: v.optional(rate, 0),
    duplicateRate: v.optional(rate, 0),
    links: v.optional(v.pipe(v.array(linkLatency), v.maxLength(MAX_LINK_OVERRIDES))),
  }),
  workload: v.optional(
    v.variant('kind', [
      v.strictObject({ kind: v.literal('default') }),
      v.strictObject({ kind: v.literal('none') }),
      v.strictObject({ kind: v.literal('interval'), intervalUs: v.pipe(micros, v.minValue(100)) }),
    ]),
    { kind: 'default' },
  ),
  timeline: v.optional(v.pipe(v.array(v.strictObject({ at: micros, action, by: v.optional(v.picklist(ACTORS)) })), v.maxLength(MAX_ACTIONS)), []),
  untilUs: v.optional(micros, 30_000_000),
  healedAtUs: v.optional(v.nullable(micros), null),
});


/**
 * Validates untrusted input of any released format (older ones are migrated first); throws a
 * ScenarioError whose message names the first problem.
 */
export function parseScenario(input: unknown, what?: string): Scenario {
  const result = v.safeParse(scenarioSchema, migrateScenario(input, { what }));
  if (!result.success) {
    const issue = result.issues[0];
    const path = v.getDotPath(issue);
    const what = issue.input === undefined && issue.kind === 'schema' ? 'is missing' : issue.message;
    throw new ScenarioError(`${path ? `${path}: ` : ''}${what}`);
  }
  const s = result.output as Scenario;
  const tooBig = (n: number) => n >= s.nodes;
  for (const [i, { action: a }] of s.timeline.entries()) {
    const named = [
      'node' in a ? a.node : undefined,
      'from' in a ? a.from : undefined,
      'to' in a ? a.to : undefined,
      ...(a.kind === 'partition' ? a.groups.flat() : []),
    ];
    if (named.some((n) => n !== undefined && tooBig(n))) {
      throw new ScenarioError(`timeline.${i}: names a node beyond the ${s.nodes} in the scenario`);
    }
  }
  if (s.initiallyDown.some(tooBig)) throw new ScenarioError('initiallyDown: names a node beyond the scenario');
  // One form for one network, as links carry it: no field for no overrides, no oneWay: false.
  if (s.network.links?.length === 0) delete s.network.links;
  if (s.network.links) s.network.links = s.network.links.map((l) => (l.oneWay ? l : { from: l.from, to: l.to, latencyUs: l.latencyUs }));
  for (const [i, link] of (s.network.links ?? []).entries()) {
    if (tooBig(link.from) || tooBig(link.to)) throw new ScenarioError(`network.links.${i}: names a node beyond the ${s.nodes} in the scenario`);
    if (link.from === link.to) throw new ScenarioError(`network.links.${i}: a link joins two different nodes`);
  }
  normalizeTopology(s);
  // Actions apply in time order; sort stably so a hand-written file may list them in any order.
  s.timeline = s.timeline.map((t, i) => ({ t, i })).sort((a, b) => a.t.at - b.t.at || a.i - b.i).map(({ t }) => t);
  return s;
}

/**
 * Checks the topology against the node count and, when this code knows the protocol, against its
 * kinds. Then one form for one run: a topology that is every node of the main kind under its
 * own prefix is left out (that is what no topology means, so code may resize `nodes` freely),
 * and any other has each group's prefix filled from its kind. A protocol this code does not
 * know keeps what the input said (`checkRunnable` rejects the scenario later anyway).
 */
function normalizeTopology(s: Scenario): void {
  if (!s.topology) return;
  const known = getProtocolIfKnown(s.protocol.name);
  const kinds = known ? kindsOf(known) : undefined;
  const problem = topologyProblem(s.topology, s.nodes, kinds);
  if (problem) throw new ScenarioError(problem);
  if (!kinds) return;
  if (isMainOnly(s.topology, kinds, s.nodes)) {
    delete s.topology;
    return;
  }
  s.topology = {
    groups: s.topology.groups.map((g) => {
      const group: TopologyGroup = { kind: g.kind, count: g.count, prefix: g.prefix ?? kinds.kinds[g.kind]!.prefix };
      if (g.config !== undefined) group.config = g.config;
      return group;
    }),
  };
}

/** A scenario with every default filled in, for the CLI's --protocol form and tests. */
export function defaultScenario(partial: {
  protocol: string;
  nodes?: number;
  seed?: number;
  untilUs?: Micros;
  config?: Record<string, unknown>;
  network?: Partial<NetworkModel>;
  timeline?: TimedAction[];
  workload?: Scenario['workload'];
  topology?: TopologySpec;
}): Scenario {
  return parseScenario({
    version: SCENARIO_VERSION,
    seed: partial.seed ?? 1,
    protocol: { name: partial.protocol, config: partial.config ?? {} },
    nodes: partial.nodes ?? (partial.topology ? partial.topology.groups.reduce((sum, g) => sum + g.count, 0) : 5),
    ...(partial.topology ? { topology: partial.topology } : {}),
    network: {
      latencyUs: partial.network?.latencyUs ?? { min: 10_000, max: 15_000 },
      lossRate: partial.network?.lossRate ?? 0,
      duplicateRate: partial.network?.duplicateRate ?? 0,
      ...(partial.network?.links ? { links: partial.network.links } : {}),
    },
    workload: partial.workload ?? { kind: 'default' },
    timeline: partial.timeline ?? [],
    untilUs: partial.untilUs ?? 30_000_000,
  });
}
