import { clonePlain } from './plain';
import type { NodeId } from './protocol';

/**
 * Topology: which kinds of node a run has and what they are called (3 clients and 5 servers;
 * brokers, producers and consumers; a primary and replicas). A scenario lists groups of nodes,
 * one per kind; node ids are handed out in group order (group 0 gets 0..c0-1, group 1 the next
 * c1, ...) and a node's name is its group's prefix and its number inside the group ("S1", "C3").
 *
 * Everything here is pure and small: the one place that turns a node id into a name, so no
 * other code writes "S" + number (app/names.test.ts greps for it).
 */

/** What a protocol says about one kind of node it runs. */
export interface KindDeclaration {
  /** Names of this kind's nodes start with it: "S" gives S1, S2, ... */
  readonly prefix: string;
  /** How the page and the CLI call one of them ("Server", "Client"). */
  readonly title: string;
  /** How many a default run has of this kind besides the main one (0 or absent: none). */
  readonly defaultCount?: number;
}

/** A protocol's kinds of node (Protocol.topology). `main` is the kind `--nodes N` sizes. */
export interface ProtocolKinds {
  readonly main: string;
  readonly kinds: Readonly<Record<string, KindDeclaration>>;
}

/** One group of a scenario's topology. */
export interface TopologyGroup {
  kind: string;
  count: number;
  /** Overrides the kind's prefix for this scenario (short: see PREFIX). */
  prefix?: string;
  /** Settings for this group's nodes, read by the protocol (NodeContext.groupConfig). */
  config?: Record<string, unknown>;
}

/** The scenario's `topology` field. */
export interface TopologySpec {
  groups: TopologyGroup[];
}

/** What a protocol that declares no kinds runs: one kind, "node", named S1, S2, ... */
export const PLAIN_KINDS: ProtocolKinds = Object.freeze({
  main: 'node',
  kinds: Object.freeze({ node: Object.freeze({ prefix: 'S', title: 'Node' }) }),
});

/** A kind's name: a word a file can hold and a CLI flag can say. */
export const KIND_NAME = /^[a-z][a-zA-Z0-9-]{0,31}$/;
/** A prefix: one to four letters, so names stay short on a disc and never end in a digit. */
export const PREFIX = /^[A-Za-z]{1,4}$/;
export const MAX_GROUPS = 16;

/** The kinds a protocol runs (PLAIN_KINDS when it declares none). */
export function kindsOf(protocol: { readonly topology?: ProtocolKinds }): ProtocolKinds {
  return protocol.topology ?? PLAIN_KINDS;
}

/** Every node of the main kind: what a scenario without a topology runs (and every format-2 one). */
export function mainOnlyTopology(kinds: ProtocolKinds, nodes: number): TopologySpec {
  return { groups: [{ kind: kinds.main, count: nodes }] };
}

/** Whether `spec` says no more than "every node is of the main kind, under its own prefix". */
export function isMainOnly(spec: TopologySpec, kinds: ProtocolKinds, nodes: number): boolean {
  const only = spec.groups[0];
  return (
    spec.groups.length === 1 &&
    only !== undefined &&
    only.kind === kinds.main &&
    only.count === nodes &&
    (only.prefix === undefined || only.prefix === kindDeclaration(kinds, kinds.main)?.prefix) &&
    only.config === undefined
  );
}

/**
 * A protocol's default topology for `mainCount` nodes of its main kind: the main group first
 * (so its nodes keep ids 0..mainCount-1), then every other kind with a `defaultCount`, in the
 * order the protocol declares them. `counts` overrides any kind's count (0 leaves it out).
 */
export function defaultTopology(kinds: ProtocolKinds, mainCount: number, counts: Readonly<Record<string, number>> = {}): TopologySpec {
  const groups: TopologyGroup[] = [];
  const main = counts[kinds.main] ?? mainCount;
  if (main > 0) groups.push({ kind: kinds.main, count: main });
  for (const [kind, declared] of Object.entries(kinds.kinds)) {
    if (kind === kinds.main) continue;
    const count = counts[kind] ?? declared.defaultCount ?? 0;
    if (count > 0) groups.push({ kind, count });
  }
  return { groups };
}

/** The total number of nodes of a topology. */
export function topologySize(spec: TopologySpec): number {
  return spec.groups.reduce((sum, g) => sum + g.count, 0);
}

/**
 * The first problem with a topology for a scenario of `nodes` nodes, or null. With `kinds`, the
 * kinds must be the protocol's; without (a protocol this code does not know yet), only the shape
 * is checked. Messages name the field as a file would ("topology.groups.1.prefix: ...").
 */
export function topologyProblem(spec: TopologySpec, nodes: number, kinds?: ProtocolKinds): string | null {
  const where = (i: number, field?: string) => `topology.groups.${i}${field ? `.${field}` : ''}`;
  if (spec.groups.length === 0) return 'topology.groups: needs at least one group';
  if (spec.groups.length > MAX_GROUPS) return `topology.groups: at most ${MAX_GROUPS} groups`;
  const seenKinds = new Set<string>();
  const seenPrefixes = new Map<string, number>();
  for (const [i, g] of spec.groups.entries()) {
    if (!KIND_NAME.test(g.kind)) return `${where(i, 'kind')}: "${g.kind.slice(0, 40)}" is not a kind's name (a lower-case word)`;
    if (seenKinds.has(g.kind)) return `${where(i, 'kind')}: the kind "${g.kind}" has two groups`;
    seenKinds.add(g.kind);
    const declared = kinds ? kindDeclaration(kinds, g.kind) : undefined;
    if (kinds && !declared) {
      return `${where(i, 'kind')}: this protocol has no nodes of kind "${g.kind}" (it has ${Object.keys(kinds.kinds).join(', ')})`;
    }
    if (!Number.isSafeInteger(g.count) || g.count < 1) return `${where(i, 'count')}: must be a whole number, 1 or more`;
    if (g.prefix !== undefined && !PREFIX.test(g.prefix)) return `${where(i, 'prefix')}: must be 1 to 4 letters`;
    const prefix = g.prefix ?? declared?.prefix;
    if (prefix !== undefined) {
      const other = seenPrefixes.get(prefix.toLowerCase());
      if (other !== undefined) return `${where(i, 'prefix')}: "${prefix}" already names group ${other}'s nodes`;
      seenPrefixes.set(prefix.toLowerCase(), i);
    }
  }
  const total = topologySize(spec);
  if (total !== nodes) return `topology: its groups hold ${total} nodes, but the scenario has ${nodes}`;
  return null;
}

function kindDeclaration(kinds: ProtocolKinds, kind: string): KindDeclaration | undefined {
  return Object.prototype.hasOwnProperty.call(kinds.kinds, kind) ? kinds.kinds[kind] : undefined;
}

/** One group, placed: its nodes are `first .. first + count - 1`. */
export interface PlacedGroup {
  readonly kind: string;
  readonly title: string;
  readonly prefix: string;
  readonly first: NodeId;
  readonly count: number;
  readonly config: Readonly<Record<string, unknown>>;
}

/** A scenario's topology, resolved against its protocol: plain data (it crosses to the page). */
export interface TopologyLayout {
  readonly main: string;
  readonly groups: readonly PlacedGroup[];
}

/**
 * Places a valid topology's groups (call `topologyProblem` first: this one does not check).
 * Group config is deep-frozen, so no node can change what another node reads.
 */
export function layoutTopology(spec: TopologySpec, kinds: ProtocolKinds): TopologyLayout {
  let first = 0;
  const groups = spec.groups.map((g) => {
    const declared = kindDeclaration(kinds, g.kind);
    const placed: PlacedGroup = {
      kind: g.kind,
      title: declared?.title ?? g.kind,
      prefix: g.prefix ?? declared?.prefix ?? PLAIN_KINDS.kinds.node!.prefix,
      first,
      count: g.count,
      config: deepFreeze(clonePlain(g.config ?? {})),
    };
    first += g.count;
    return placed;
  });
  return { main: kinds.main, groups };
}

/** The layout of a scenario: its own topology, or every node of the protocol's main kind. */
export function scenarioLayout(scenario: { nodes: number; topology?: TopologySpec }, kinds: ProtocolKinds): TopologyLayout {
  return layoutTopology(scenario.topology ?? mainOnlyTopology(kinds, scenario.nodes), kinds);
}

/** How many nodes a layout places. */
export function topologySizeOf(layout: TopologyLayout): number {
  const last = layout.groups.at(-1);
  return last ? last.first + last.count : 0;
}

/** The group node `id` belongs to, or undefined beyond the topology. */
export function groupOf(layout: TopologyLayout, id: NodeId): PlacedGroup | undefined {
  for (const g of layout.groups) if (id >= g.first && id < g.first + g.count) return g;
  return undefined;
}

export function kindOf(layout: TopologyLayout, id: NodeId): string | undefined {
  return groupOf(layout, id)?.kind;
}

/** The ids of every node of `kind`, ascending (none for a kind the run has no group of). */
export function nodesOf(layout: TopologyLayout, kind: string): NodeId[] {
  const g = layout.groups.find((group) => group.kind === kind);
  return g ? Array.from({ length: g.count }, (_, i) => g.first + i) : [];
}

/**
 * Node `id`'s name: its group's prefix and its number in the group ("S1", "C2"). Without a
 * layout (nothing loaded yet) or beyond it, the name a single group of "S" would give, which is
 * what every node was called before topologies.
 */
export function nodeName(layout: TopologyLayout | null | undefined, id: NodeId): string {
  const g = layout ? groupOf(layout, id) : undefined;
  if (g) return `${g.prefix}${id - g.first + 1}`;
  return `${PLAIN_KINDS.kinds.node!.prefix}${id + 1}`;
}

/** Every node's name, by id. */
export function nodeNames(layout: TopologyLayout): string[] {
  return layout.groups.flatMap((g) => Array.from({ length: g.count }, (_, i) => `${g.prefix}${i + 1}`));
}

/** The node a name stands for ("C2" -> its id), case-insensitive; undefined when none. */
export function nodeByName(layout: TopologyLayout, name: string): NodeId | undefined {
  const m = /^([A-Za-z]+)(\d+)$/.exec(name.trim());
  if (!m) return undefined;
  const g = layout.groups.find((group) => group.prefix.toLowerCase() === m[1]!.toLowerCase());
  const n = Number(m[2]);
  return g && n >= 1 && n <= g.count ? g.first + n - 1 : undefined;
}

/**
 * What a node's context knows of the topology (NodeContext's topology fields), for node `self`.
 * The lists it returns are frozen and shared: a protocol may keep them.
 */
export interface TopologyContext {
  /** This node's kind ("server", "client"). */
  readonly kind: string;
  /** This node's group's `config` from the scenario, raw ({} when none): frozen plain data. */
  readonly groupConfig: Readonly<Record<string, unknown>>;
  /** The kind of node `id` (undefined beyond the topology). */
  kindOf(id: NodeId): string | undefined;
  /** Every node of `kind`, ascending; empty for a kind the run has none of. */
  nodesOf(kind: string): readonly NodeId[];
  /** Node `id`'s name ("S1", "C2"), as the page and the trace's readers call it. */
  nameOf(id: NodeId): string;
}

export function topologyContext(layout: TopologyLayout, self: NodeId): TopologyContext {
  const own = groupOf(layout, self);
  if (!own) throw new RangeError(`node ${self} is beyond the topology`);
  const byKind = new Map<string, readonly NodeId[]>(layout.groups.map((g) => [g.kind, Object.freeze(nodesOf(layout, g.kind))]));
  const none: readonly NodeId[] = Object.freeze([]);
  return {
    kind: own.kind,
    groupConfig: own.config,
    kindOf: (id) => kindOf(layout, id),
    nodesOf: (kind) => byKind.get(kind) ?? none,
    nameOf: (id) => nodeName(layout, id),
  };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
