import type { RandomStream } from './random';
import type { Micros } from './time';
import type { ProtocolKinds, TopologyContext, TopologyLayout } from './topology';
import type { TraceEvent, TraceKind } from './trace';
import type { ScaleRequest } from './scaling';

/** Nodes are numbered 0..n-1 in the topology's group order; topology.ts names them ("S1", "C2"). */
export type NodeId = number;

/** Every protocol message is plain data with a `type` (the paper's RPC name, e.g. "RequestVote"). */
export interface ProtocolMessage {
  readonly type: string;
}

/** A client operation or a user's poke at one node ("force election", "write x=3"). */
export interface ProtocolCommand {
  readonly type: string;
  readonly [field: string]: unknown;
}

export type TimerId = number;

export interface Timer<D = unknown> {
  readonly id: TimerId;
  /** What the timer is for ("election", "heartbeat", "retry"), shown by the UI as an arc. */
  readonly name: string;
  readonly data: D;
}

/** Writes that survive a crash (DESIGN.md invariant 2): what a real node would fsync. */
export interface DurableStore {
  get<T = unknown>(key: string): T | undefined;
  /** The value must be plain data; it is copied, so later mutation of it changes nothing. */
  put(key: string, value: unknown): void;
  delete(key: string): void;
  /**
   * The same store addressed as numbered items: `putAt('log', 17, v)` is `put('log/17', v)`,
   * `getAt` and `deleteAt` likewise (one keyspace: either spelling reads what the other wrote).
   * For logs that grow by an entry at a time: no key string is built or hashed per write.
   * `index` must be a safe integer >= 0.
   */
  getAt<T = unknown>(name: string, index: number): T | undefined;
  /**
   * `handOver` true: `value` is stored itself, not a copy; the caller gives it up (kernel/hand-over.ts:
   * nobody changes it afterwards; under tests it is frozen so a change throws).
   */
  putAt(name: string, index: number, value: unknown, handOver?: boolean): void;
  deleteAt(name: string, index: number): void;
}

/**
 * All a protocol can do. It serves every area of the mission: consensus nodes, clients calling
 * services with timeouts (send + setTimer + reply), brokers and consumers (send, durable),
 * schedulers (random, metric), gossip among a hundred members (peers, random).
 */
export interface NodeContext<M extends ProtocolMessage = ProtocolMessage> extends TopologyContext {
  readonly self: NodeId;
  /** Every node of the topology, self included, of every kind, ascending (`nodesOf(kind)` for one kind). */
  readonly nodes: readonly NodeId[];
  now(): Micros;
  /**
   * Sends `msg` over the link self -> to; the network model decides latency, loss, duplication.
   * The receiver gets a copy; with `handOver` true it gets `msg` itself, which the sender gives
   * up (kernel/hand-over.ts: nobody changes it or what it references afterwards).
   */
  send(to: NodeId, msg: M, handOver?: boolean): void;
  /** Fires `onTimer` after `delay` (0 allowed: it still runs after the current handler). */
  setTimer<D = unknown>(delay: Micros, name: string, data?: D): TimerId;
  cancelTimer(id: TimerId): void;
  /** This node's own random stream. */
  readonly random: RandomStream;
  readonly durable: DurableStore;
  /**
   * Records a state change in the trace ("became leader", "committed index 7"); invariant
   * checkers and the UI's event log read these. `data` must be plain data; it is copied, or with
   * `handOver` true taken as it is (kernel/hand-over.ts).
   */
  observe(kind: string, data?: Record<string, unknown>, handOver?: boolean): void;
  /** A numeric sample (queue depth, latency of an operation) for charts and stats. */
  metric(name: string, value: number): void;
  /**
   * Completes the client operation `opId` (its invocation was an `onCommand`); histories use it.
   * `result` is copied, or with `handOver` true taken as it is (kernel/hand-over.ts).
   */
  reply(opId: number, result: unknown, handOver?: boolean): void;
  /**
   * Asks the environment to start or stop nodes (autoscaling, deploys; kernel/scaling.ts): it
   * takes effect one lookahead later (`now() + ` the minimum latency), after the timeline's
   * actions of that instant; a start restarts a down node, a stop crashes an up one. Only where
   * `Protocol.scales(config)` is true; any other call throws, so that no run of a
   * protocol that never asks can change. Returns the instant it will take effect. Optional in
   * the type so hand-made test contexts (a protocol's own test cluster) need not provide it.
   */
  requestNodes?(request: ScaleRequest): Micros;
}

/** What the UI draws for one node; protocols choose the fields. */
export type NodeView = Record<string, unknown>;

export interface Violation {
  /** The invariant's name, e.g. "Election Safety". */
  readonly invariant: string;
  readonly message: string;
  /** The trace event that broke it (absent for end-of-run liveness findings). */
  readonly event?: TraceEvent;
}

/**
 * A "sometimes" property (Stateright's `sometimes`, beside its `always`): something that must
 * happen at least once in some run ("a leader is elected", "an entry commits"), reported at the
 * end of each run as held or not seen. It is NOT a violation of one run: a run whose every node
 * crashed at once never elects a leader, and that is fine. A sweep over many seeds asserts each
 * held in at least one of them (coverage: the nemesis did not starve the protocol of the states
 * it is meant to reach; engine/protocols/raft/chaos.test.ts).
 */
export interface SometimesResult {
  /** Its name in words, stable across runs ("a leader is elected"). */
  readonly property: string;
  readonly held: boolean;
  /** When it first held (virtual µs); absent when not seen. */
  readonly firstAtUs?: Micros;
}

/**
 * Reads the canonical trace as it is produced, in order, in whichever runner: safety
 * invariants (*always*), liveness judgements, *sometimes* properties and protocol stats are all
 * monitors.
 */
export interface Monitor {
  /** Returns a violation when `event` broke a safety invariant: the run stops there. */
  observe(event: TraceEvent): Violation | undefined;
  /**
   * The only kinds of event `observe` reads (it returns undefined and changes nothing for any
   * other): the collector then calls it for those only, so a send or a delivery costs nothing
   * to a monitor of observations (issue 12). Absent: every event.
   */
  readonly kinds?: readonly TraceKind[];
  /**
   * At the end of a run: protocol stats, findings that need the whole run (liveness), and the
   * run's verdict on each of the monitor's "sometimes" properties (held, with the first time,
   * or not seen), which the run summary reports and never counts as violations.
   */
  finish(context: { untilUs: Micros; healedAtUs: Micros | null }): {
    stats: Record<string, unknown>;
    violations: Violation[];
    sometimes?: SometimesResult[];
  };
  /** Plain data, so a rewound run resumes checking exactly where it was. */
  snapshot(): unknown;
  restore(state: unknown): void;
}

/** A source of client operations, one random stream of its own; see scenario/workload.ts. */
export interface WorkloadDefinition<C extends ProtocolCommand = ProtocolCommand> {
  /** Mean gap between operations. */
  readonly intervalUs: Micros;
  /**
   * The kind of node operations go to (the protocol's main kind when absent): each operation
   * goes to a node drawn among the running nodes of that kind.
   */
  readonly target?: string;
  /** The operation number `n`, drawn from the workload's stream. */
  makeCommand(n: number, random: RandomStream): C;
}

export interface Protocol<
  S = unknown,
  M extends ProtocolMessage = ProtocolMessage,
  C extends ProtocolCommand = ProtocolCommand,
  Cfg = unknown,
> {
  readonly name: string;
  readonly title: string;
  /**
   * The kinds of node it runs and which one is the main kind (the one `--nodes N` sizes:
   * servers, members, instances). Absent: one kind, "node", named S1, S2, ...
   * (topology.ts PLAIN_KINDS). Never rename a released kind or change the main one: scenarios
   * name kinds, and a scenario without a topology runs every node as the main kind.
   */
  readonly topology?: ProtocolKinds;
  /** Fills defaults and clamps out-of-range settings; throws a RangeError naming a bad field. */
  configure(raw: unknown): Cfg;
  /**
   * What `configure` cannot see: settings that must agree with the rest of the scenario (a
   * member list within its nodes). Throws a RangeError naming the field. Every door a scenario
   * comes in by calls it after `configure` (scenario/untrusted.ts checkRunnable, runner/setup.ts).
   * `topology` is the scenario's, placed: this is where a protocol checks its groups' `config`
   * (each node reads its own group's as `ctx.groupConfig`).
   */
  checkScenario?(config: Cfg, scenario: { nodes: number; topology: TopologyLayout }): void;
  /** A fresh start or a restart after a crash: durable state is in ctx.durable. */
  init(ctx: NodeContext<M>, config: Cfg): S;
  onMessage(state: S, ctx: NodeContext<M>, from: NodeId, msg: M): void;
  onTimer(state: S, ctx: NodeContext<M>, timer: Timer): void;
  onCommand(state: S, ctx: NodeContext<M>, command: C, opId: number): void;
  /** Plain data for the UI and the inspector. */
  view(state: S): NodeView;
  /**
   * Invariant checkers and stats collectors over the canonical trace. `run` tells what the
   * scenario fixes from the start (when the nemesis heals; the topology, which names nodes in
   * messages), so a monitor can count as it goes instead of keeping the history to count at the end.
   */
  monitors?(config: Cfg, nodeCount: number, run: { healedAtUs: Micros | null; topology: TopologyLayout }): Monitor[];
  /**
   * Settings whose defaults changed since an older scenario format, with the values that
   * format ran with: `formerDefaults[n]` is pinned into a format-n scenario's config by the
   * migration from n (scenario/migrations.ts), so a link made then replays exactly as then
   * while new runs get today's behaviour. Never edit a released entry; add a new format.
   */
  readonly formerDefaults?: Readonly<Record<number, Readonly<Record<string, unknown>>>>;
  /** The default client load, if the protocol takes client operations. */
  /**
   * `topology` is the run's placed topology, so a protocol whose clients are optional nodes can
   * send its operations to them when the scenario has some (`target`), and to its servers when not.
   */
  workload?(config: Cfg, topology?: TopologyLayout): WorkloadDefinition<C> | null;
  /**
   * The ways a node of this protocol can lie (a `byzantine` action names one): absent for
   * protocols that do not tolerate byzantine faults, where showing them would teach nothing.
   */
  readonly byzantine?: ByzantinePolicies<M>;
  /**
   * True when its nodes, so configured, may call `ctx.requestNodes` (kernel/scaling.ts). Opt-in
   * (absent: never) so every other protocol and configuration runs exactly as before; when true,
   * the worker runner grants horizons at most one lookahead apart (workers/coordinator.ts).
   */
  scales?(config: Cfg): boolean;
}

/**
 * A protocol's byzantine policies. The node host calls `forge` on every send of a node under a
 * policy, with a seeded stream of that node's own (kernel/byzantine.ts), and sends what it
 * returns: `[]` withholds the message, `[msg]` sends it as it is, a changed copy lies, and
 * different copies to different destinations equivocate. Copies it changed are traced as forged.
 */
export interface ByzantinePolicies<M extends ProtocolMessage = ProtocolMessage> {
  readonly policies: Readonly<Record<string, { readonly title: string; readonly summary: string }>>;
  forge(policy: string, msg: M, to: NodeId, random: RandomStream): M[];
}

/** Widens a concrete protocol to the registry's type. */
export type AnyProtocol = Protocol<any, any, any, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
