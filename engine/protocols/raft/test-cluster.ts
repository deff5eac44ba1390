import type { DurableStore, Monitor, NodeContext, NodeId, TimerId } from '../../kernel/protocol';
import { clonePlain } from '../../kernel/plain';
import { RandomStream } from '../../kernel/random';
import { defaultTopology, kindsOf, layoutTopology, nodeName, topologyContext, type TopologyLayout } from '../../kernel/topology';
import type { TraceEvent } from '../../kernel/trace';
import type { Micros } from '../../kernel/time';
import { raft } from './raft';
import { raftSafetyMonitor } from './monitor';
import type { RaftCommand, RaftMessage, RaftState } from './types';
import type { RaftConfig } from './config';

/**
 * A hand-driven cluster for unit tests, after etcd's raft_test.go `network`: the test decides
 * which timer fires and which messages arrive, so a scenario such as Figure 8 can be staged
 * step by step. Every event goes through the real safety monitor, and a violation throws.
 * Messages are copied at send and delivered in FIFO order; time moves only when a timer fires
 * (to its due time) or the test advances it.
 */

interface Slot {
  started: boolean;
  up: boolean;
  incarnation: number;
  state: RaftState | null;
  durable: Record<string, unknown>;
  timers: Map<TimerId, { name: string; dueAt: Micros }>;
  timerSeq: number;
  traceSeq: number;
  random: RandomStream;
  ctx: NodeContext<RaftMessage>;
}

export interface Envelope {
  from: NodeId;
  to: NodeId;
  msg: RaftMessage;
}

export class TestCluster {
  now: Micros = 0;
  readonly config: RaftConfig;
  readonly slots: Slot[];
  inbox: Envelope[] = [];
  readonly replies = new Map<number, unknown>();
  readonly trace: TraceEvent[] = [];
  readonly monitor: Monitor;
  /** Links that lose every message, as "from>to". */
  private readonly cuts = new Set<string>();
  private nextOpId = 1;

  /** Every node a server, as a scenario without a topology runs them. */
  readonly layout: TopologyLayout;

  constructor(nodes: number, config: Record<string, unknown> = {}, options: { down?: NodeId[]; seed?: number } = {}) {
    this.config = raft.configure(config);
    this.layout = layoutTopology(defaultTopology(kindsOf(raft), nodes), kindsOf(raft));
    this.monitor = raftSafetyMonitor(nodes, this.config, { healedAtUs: null, topology: this.layout });
    this.slots = Array.from({ length: nodes }, (_, id) => this.makeSlot(id, nodes, options.seed ?? 1));
    for (let id = 0; id < nodes; id++) if (!options.down?.includes(id)) this.start(id);
  }

  state(node: NodeId): RaftState {
    const state = this.slots[node]!.state;
    if (!state) throw new Error(`${nodeName(this.layout, node)} is down`);
    return state;
  }

  /** The nodes that believe they lead, ascending. */
  leaders(): NodeId[] {
    return this.slots.flatMap((slot, id) => (slot.state?.role === 'leader' ? [id] : []));
  }

  /** Fires `node`'s pending timer called `name`, moving time to its due time. */
  fire(node: NodeId, name: 'election' | 'heartbeat'): this {
    const slot = this.slots[node]!;
    const found = [...slot.timers].find(([, t]) => t.name === name);
    if (!found || !slot.state) throw new Error(`${nodeName(this.layout, node)} has no ${name} timer pending`);
    const [id, timer] = found;
    slot.timers.delete(id);
    this.now = Math.max(this.now, timer.dueAt);
    this.record(node, { kind: 'timer', timer: id, name });
    raft.onTimer(slot.state, slot.ctx, { id, name, data: null });
    return this;
  }

  /** Election timeout at `node`, then every message until the network is quiet. */
  campaign(node: NodeId): this {
    return this.fire(node, 'election').deliverAll();
  }

  /** A heartbeat round from the leader `node`, delivered. */
  heartbeat(node: NodeId): this {
    return this.fire(node, 'heartbeat').deliverAll();
  }

  /** When `node`'s pending timer called `name` is due. */
  dueAt(node: NodeId, name: 'election' | 'heartbeat'): Micros {
    const timer = [...this.slots[node]!.timers.values()].find((t) => t.name === name);
    if (!timer) throw new Error(`${nodeName(this.layout, node)} has no ${name} timer pending`);
    return timer.dueAt;
  }

  /**
   * `node`'s election timer fires while `leader` keeps beating: a round reaches the others
   * 10 ms before the timer is due, as the 50 ms heartbeat would in a real run.
   */
  timeoutBesideLeader(node: NodeId, leader: NodeId): this {
    this.now = Math.max(this.now, this.dueAt(node, 'election') - 10_000);
    return this.heartbeat(leader).campaign(node);
  }

  advance(us: Micros): this {
    this.now += us;
    return this;
  }

  /** Delivers queued messages in order (and those they cause) until none is left. */
  deliverAll(limit = 10_000): this {
    for (let steps = 0; this.inbox.length > 0; steps++) {
      if (steps >= limit) throw new Error('the cluster did not go quiet');
      this.deliverNext();
    }
    return this;
  }

  /** Delivers the first queued message matching `match` (default: the first one). */
  deliverNext(match: (e: Envelope) => boolean = () => true): this {
    const i = this.inbox.findIndex(match);
    if (i < 0) throw new Error('no such message in flight');
    const [e] = this.inbox.splice(i, 1);
    const slot = this.slots[e!.to]!;
    if (!slot.state || this.cuts.has(`${e!.from}>${e!.to}`)) return this;
    this.record(e!.to, { kind: 'deliver', from: e!.from, id: { from: e!.from, fromIncarnation: 0, fromSeq: 0 }, sentAt: this.now, msgType: e!.msg.type });
    raft.onMessage(slot.state, slot.ctx, e!.from, e!.msg);
    return this;
  }

  /** Drops every queued message matching `match`. */
  drop(match: (e: Envelope) => boolean = () => true): this {
    this.inbox = this.inbox.filter((e) => !match(e));
    return this;
  }

  /** Cuts `node` off from every other node, both ways. */
  isolate(node: NodeId): this {
    for (let other = 0; other < this.slots.length; other++) {
      if (other === node) continue;
      this.cuts.add(`${node}>${other}`);
      this.cuts.add(`${other}>${node}`);
    }
    return this;
  }

  /** Cuts the link from -> to, one way. */
  cut(from: NodeId, to: NodeId): this {
    this.cuts.add(`${from}>${to}`);
    return this;
  }

  heal(): this {
    this.cuts.clear();
    return this;
  }

  command(node: NodeId, command: RaftCommand): number {
    const opId = this.nextOpId++;
    const slot = this.slots[node]!;
    this.record(node, { kind: 'invoke', opId, command });
    raft.onCommand(this.state(node), slot.ctx, clonePlain(command), opId);
    return opId;
  }

  write(node: NodeId, value: number): number {
    return this.command(node, { type: 'write', value });
  }

  crash(node: NodeId): this {
    const slot = this.slots[node]!;
    this.record(node, { kind: 'crash' });
    slot.up = false;
    slot.state = null;
    slot.timers.clear();
    this.inbox = this.inbox.filter((e) => e.to !== node);
    return this;
  }

  /** Starts (or restarts) `node` from its durable writes only. */
  start(node: NodeId): this {
    const slot = this.slots[node]!;
    if (slot.up) throw new Error(`${nodeName(this.layout, node)} is already up`);
    if (slot.started) slot.incarnation++;
    slot.started = true;
    slot.up = true;
    slot.traceSeq = 0;
    slot.timers.clear();
    this.record(node, { kind: 'start', recovered: slot.incarnation > 0 });
    // The test cluster runs servers only.
    slot.state = raft.init(slot.ctx, this.config) as RaftState;
    return this;
  }

  private makeSlot(id: NodeId, nodeCount: number, seed: number): Slot {
    const cluster = this;
    const slot: Slot = {
      started: false,
      up: false,
      incarnation: 0,
      state: null,
      durable: Object.create(null),
      timers: new Map(),
      timerSeq: 0,
      traceSeq: 0,
      random: RandomStream.derive(seed, `node/${id}`),
      ctx: undefined as never,
    };
    const durable: DurableStore = {
      get: (key) => slot.durable[key] as never,
      put: (key, value) => void (slot.durable[key] = clonePlain(value)),
      delete: (key) => void delete slot.durable[key],
      getAt: (name, index) => slot.durable[`${name}/${index}`] as never,
      putAt: (name, index, value) => void (slot.durable[`${name}/${index}`] = clonePlain(value)),
      deleteAt: (name, index) => void delete slot.durable[`${name}/${index}`],
    };
    slot.ctx = {
      ...topologyContext(this.layout, id),
      self: id,
      nodes: Array.from({ length: nodeCount }, (_, i) => i),
      now: () => cluster.now,
      send: (to, msg) => {
        cluster.record(id, { kind: 'send', to, id: { from: id, fromIncarnation: slot.incarnation, fromSeq: 0 }, dueAt: cluster.now, msg: clonePlain(msg) });
        cluster.inbox.push({ from: id, to, msg: clonePlain(msg) });
      },
      setTimer: (delay, name) => {
        const timerId = ++slot.timerSeq;
        slot.timers.set(timerId, { name, dueAt: cluster.now + delay });
        return timerId;
      },
      cancelTimer: (timerId) => void slot.timers.delete(timerId),
      get random() {
        return slot.random;
      },
      durable,
      observe: (what, data) => cluster.record(id, { kind: 'observe', what, data: clonePlain(data) }),
      metric: () => undefined,
      reply: (opId, result) => {
        cluster.replies.set(opId, clonePlain(result));
        cluster.record(id, { kind: 'return', opId, result: clonePlain(result) });
      },
    };
    return slot;
  }

  private record(node: NodeId, partial: Record<string, unknown>): void {
    const slot = this.slots[node]!;
    const event = { ...partial, at: this.now, node, incarnation: slot.incarnation, seq: ++slot.traceSeq } as TraceEvent;
    this.trace.push(event);
    const violation = this.monitor.observe(event);
    if (violation) throw new Error(`${violation.invariant}: ${violation.message}`);
  }
}
