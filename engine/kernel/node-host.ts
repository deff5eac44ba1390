import type { DurableStore, NodeContext, NodeId, AnyProtocol, Timer, TimerId } from './protocol';
import type { QueuedEvent, MessageEnvelope } from './events';
import type { FaultState } from './faults';
import type { DropReason, MessageId, TraceEvent } from './trace';
import { ENVIRONMENT } from './key';
import { RandomStream } from './random';
import { clonePlain } from './plain';
import type { Micros } from './time';
import { topologyContext, topologySizeOf, type TopologyLayout } from './topology';

/** Where a host's effects go: the runner decides which queue or port each one takes. */
export interface HostOutput {
  /** A timer for this node, or a message for any node (its `node` field says which). */
  schedule(event: QueuedEvent): void;
  trace(event: TraceEvent): void;
}

export interface PendingTimer {
  id: TimerId;
  name: string;
  setAt: Micros;
  dueAt: Micros;
}

/** A node's whole volatile and durable state as plain data (snapshots, worker hand-over). */
export interface HostSnapshot {
  id: NodeId;
  incarnation: number;
  now: Micros;
  seq: number;
  traceSeq: number;
  state: unknown;
  timers: PendingTimer[];
  durable: Record<string, unknown>;
  random: number[];
  linkRandom: [NodeId, number[]][];
}

export interface HostSetup {
  protocol: AnyProtocol;
  config: unknown;
  seed: number;
  id: NodeId;
  /** The scenario's topology, placed (runner/setup.ts): every node, its kind and name. */
  layout: TopologyLayout;
  faults: FaultState;
  out: HostOutput;
}

/**
 * Hosts one incarnation of one node: implements the protocol's context, applies the network
 * model to what it sends, and records the trace. The same class runs in the single-threaded
 * runner and inside a worker, which is why both produce the same per-node trace.
 */
export class NodeHost {
  readonly id: NodeId;
  private readonly protocol: AnyProtocol;
  private readonly config: unknown;
  private readonly seed: number;
  private readonly faults: FaultState;
  private readonly out: HostOutput;
  private readonly nodes: readonly NodeId[];
  private state: unknown;
  private incarnationValue = 0;
  private now: Micros = 0;
  private seq = 0;
  private traceSeq = 0;
  private timers = new Map<TimerId, PendingTimer>();
  private durableData: Record<string, unknown> = Object.create(null);
  private random!: RandomStream;
  private linkRandom = new Map<NodeId, RandomStream>();
  private readonly ctx: NodeContext;

  constructor(setup: HostSetup) {
    this.id = setup.id;
    this.protocol = setup.protocol;
    this.config = setup.config;
    this.seed = setup.seed;
    this.faults = setup.faults;
    this.out = setup.out;
    this.nodes = Object.freeze(Array.from({ length: topologySizeOf(setup.layout) }, (_, i) => i));
    this.ctx = this.makeContext(setup.layout);
  }

  get incarnation(): number {
    return this.incarnationValue;
  }

  /** Boots the node at `at`: a fresh start, or a restart recovering only `durable`. */
  start(at: Micros, incarnation: number, durable: Record<string, unknown>): void {
    this.now = at;
    this.incarnationValue = incarnation;
    this.seq = 0;
    this.traceSeq = 0;
    this.timers.clear();
    this.linkRandom.clear();
    this.durableData = Object.assign(Object.create(null), clonePlain(durable));
    this.random = RandomStream.derive(this.seed, `node/${this.id}/${incarnation}`);
    this.record({ kind: 'start', recovered: incarnation > 0 });
    this.state = this.protocol.init(this.ctx, this.config);
  }

  /**
   * The node dies at `at`: everything volatile is gone. `inFlight` are the messages that were
   * on their way to it (taken from its queue by the runner, in canonical order): they are lost.
   */
  crash(at: Micros, inFlight: readonly MessageEnvelope[]): Record<string, unknown> {
    this.now = at;
    this.record({ kind: 'crash' });
    for (const m of inFlight) this.recordDrop(m, 'crash');
    this.timers.clear();
    this.state = undefined;
    return this.durableData;
  }

  hasTimer(id: TimerId): boolean {
    return this.timers.has(id);
  }

  durableState(): Record<string, unknown> {
    return this.durableData;
  }

  /** Runs one event. Returns false when it was a cancelled timer (nothing happened). */
  process(event: QueuedEvent): boolean {
    this.now = event.at;
    switch (event.kind) {
      case 'msg':
        return this.deliver(event);
      case 'timer': {
        const id = event.originSeq;
        if (!this.timers.delete(id)) return false;
        this.record({ kind: 'timer', timer: id, name: event.name });
        const timer: Timer = { id, name: event.name, data: event.data };
        this.protocol.onTimer(this.state, this.ctx, timer);
        return true;
      }
      case 'command':
        this.command(event.at, event.command, event.originSeq);
        return true;
    }
  }

  /** A client operation or a poke delivered straight to onCommand (workload and user actions). */
  command(at: Micros, command: { type: string }, opId: number): void {
    this.now = at;
    this.record({ kind: 'invoke', opId, command: clonePlain(command) });
    this.protocol.onCommand(this.state, this.ctx, clonePlain(command), opId);
  }

  view(): { protocol: unknown; timers: PendingTimer[] } {
    return { protocol: this.protocol.view(this.state), timers: [...this.timers.values()] };
  }

  snapshot(): HostSnapshot {
    return {
      id: this.id,
      incarnation: this.incarnationValue,
      now: this.now,
      seq: this.seq,
      traceSeq: this.traceSeq,
      state: clonePlain(this.state),
      timers: [...this.timers.values()].map((t) => ({ ...t })),
      durable: clonePlain({ ...this.durableData }),
      random: this.random.state(),
      linkRandom: [...this.linkRandom].map(([to, r]) => [to, r.state()]),
    };
  }

  restore(s: HostSnapshot): void {
    this.incarnationValue = s.incarnation;
    this.now = s.now;
    this.seq = s.seq;
    this.traceSeq = s.traceSeq;
    this.state = clonePlain(s.state);
    this.timers = new Map(s.timers.map((t) => [t.id, { ...t }]));
    this.durableData = Object.assign(Object.create(null), clonePlain(s.durable));
    this.random = RandomStream.fromState(s.random);
    this.linkRandom = new Map(s.linkRandom.map(([to, r]) => [to, RandomStream.fromState(r)]));
  }

  private deliver(m: MessageEnvelope): boolean {
    // A cable cut while the message was on it, or the user clicked it away: lost on arrival.
    if (!this.faults.linkUp(m.originNode, this.id)) {
      this.recordDrop(m, 'link-down');
      return true;
    }
    if (this.faults.isDropped(idOf(m))) {
      this.recordDrop(m, 'user');
      return true;
    }
    this.record({ kind: 'deliver', from: m.originNode, id: idOf(m), sentAt: m.sentAt, msgType: m.msg.type });
    this.protocol.onMessage(this.state, this.ctx, m.originNode, m.msg);
    return true;
  }

  private send(to: NodeId, msg: { type: string }): void {
    const faults = this.faults;
    if (!(to >= 0 && to < faults.nodeCount)) throw new RangeError(`send to unknown node ${to}`);
    const copy = clonePlain(msg);
    if (!faults.isUp(to)) return this.dropAtSend(to, copy, 'node-down');
    if (!faults.linkUp(this.id, to)) return this.dropAtSend(to, copy, 'link-down');
    const link = this.linkStream(to);
    const { lossRate, duplicateRate } = faults.network;
    const latencyUs = faults.latencyOf(this.id, to);
    if (link.chance(lossRate)) return this.dropAtSend(to, copy, 'loss');
    this.transmit(to, copy, link.int(latencyUs.min, latencyUs.max));
    if (link.chance(duplicateRate)) this.transmit(to, copy, link.int(latencyUs.min, latencyUs.max));
  }

  private transmit(to: NodeId, msg: { type: string }, latency: Micros): void {
    const seq = ++this.seq;
    const dueAt = this.now + latency;
    const id: MessageId = { from: this.id, fromIncarnation: this.incarnationValue, fromSeq: seq };
    this.record({ kind: 'send', to, id, dueAt, msg });
    this.out.schedule({
      kind: 'msg',
      at: dueAt,
      node: to,
      originNode: this.id,
      originIncarnation: this.incarnationValue,
      originSeq: seq,
      sentAt: this.now,
      msg,
    });
  }

  private dropAtSend(to: NodeId, msg: { type: string }, reason: DropReason): void {
    const seq = ++this.seq;
    const id: MessageId = { from: this.id, fromIncarnation: this.incarnationValue, fromSeq: seq };
    this.record({ kind: 'send', to, id, dueAt: this.now, msg });
    this.record({ kind: 'drop', from: this.id, to, id, reason, msgType: msg.type });
  }

  private recordDrop(m: MessageEnvelope, reason: DropReason): void {
    this.record({ kind: 'drop', from: m.originNode, to: this.id, id: idOf(m), reason, msgType: m.msg.type });
  }

  private linkStream(to: NodeId): RandomStream {
    let stream = this.linkRandom.get(to);
    if (!stream) {
      stream = RandomStream.derive(this.seed, `link/${this.id}/${to}/${this.incarnationValue}`);
      this.linkRandom.set(to, stream);
    }
    return stream;
  }

  private record(partial: DistributiveOmit<TraceEvent, 'at' | 'node' | 'incarnation' | 'seq'>): void {
    const event = partial as TraceEvent;
    event.at = this.now;
    event.node = this.id;
    event.incarnation = this.incarnationValue;
    event.seq = ++this.traceSeq;
    this.out.trace(event);
  }

  private makeContext(layout: TopologyLayout): NodeContext {
    const host = this;
    const durable: DurableStore = {
      get: (key) => host.durableData[key] as never,
      put: (key, value) => void (host.durableData[key] = clonePlain(value)),
      delete: (key) => void delete host.durableData[key],
    };
    return {
      ...topologyContext(layout, this.id),
      self: this.id,
      nodes: this.nodes,
      now: () => host.now,
      send: (to, msg) => host.send(to, msg),
      setTimer: (delay, name, data) => {
        if (!(delay >= 0) || !Number.isSafeInteger(delay)) {
          throw new RangeError(`timer delay must be a whole number of microseconds >= 0, got ${delay}`);
        }
        const id = ++host.seq;
        host.timers.set(id, { id, name, setAt: host.now, dueAt: host.now + delay });
        host.out.schedule({
          kind: 'timer',
          at: host.now + delay,
          node: host.id,
          originNode: host.id,
          originIncarnation: host.incarnationValue,
          originSeq: id,
          name,
          data: data === undefined ? null : clonePlain(data),
        });
        return id;
      },
      cancelTimer: (id) => void host.timers.delete(id),
      get random() {
        return host.random;
      },
      durable,
      observe: (what, data) => host.record({ kind: 'observe', what, data: data === undefined ? undefined : clonePlain(data) }),
      metric: (name, value) => host.record({ kind: 'metric', name, value }),
      reply: (opId, result) => host.record({ kind: 'return', opId, result: clonePlain(result) }),
    };
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export function idOf(m: MessageEnvelope): MessageId {
  return { from: m.originNode, fromIncarnation: m.originIncarnation, fromSeq: m.originSeq };
}

export { ENVIRONMENT };
