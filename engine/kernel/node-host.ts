import type { DurableStore, NodeContext, NodeId, AnyProtocol, Timer, TimerId } from './protocol';
import type { QueuedEvent, MessageEnvelope, CommandEvent, TimerEvent } from './events';
import type { FaultState } from './faults';
import type { DropReason, MessageId, TraceEvent } from './trace';
import { ENVIRONMENT } from './key';
import { RandomStream } from './random';
import { clonePlain } from './plain';
import { keptOf } from './hand-over';
import { DurableData } from './durable';
import type { Micros } from './time';
import { HeldEvents } from './pause';
import { byzantineStreamName, forgeCopies } from './byzantine';
import { messageSpanId, operationSpan, type SpanContext } from './spans';
import { checkScaleRequest, type ScaleRequest } from './scaling';
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

/** A node as the page draws it. */
export interface HostView {
  protocol: unknown;
  timers: PendingTimer[];
  /** Frozen by a pause action; `held` events wait for the resume. */
  paused?: true;
  held?: number;
  /** The byzantine policy it sends by. */
  byzantine?: string;
  /** Slow: how long what reaches it waits before it is handled (µs). */
  slowUs?: number;
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
  /** Present while paused: the events that fell due and wait for the resume (kernel/pause.ts). */
  held?: QueuedEvent[];
  /** Present once this incarnation forged a message: its byzantine stream. */
  byzantineRandom?: number[];
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
  /** The durable store (kernel/durable.ts); handed out as a record at a crash and in snapshots. */
  private durableData = new DurableData();
  private random!: RandomStream;
  private linkRandom = new Map<NodeId, RandomStream>();
  private byzantineRandom: RandomStream | null = null;
  /** Non-null while the node is paused. */
  private held: HeldEvents | null = null;
  /** The span the running handler is in (kernel/spans.ts); null outside any trace. */
  private span: SpanContext | null = null;
  private readonly ctx: NodeContext;
  private readonly layout: TopologyLayout;

  constructor(setup: HostSetup) {
    this.id = setup.id;
    this.protocol = setup.protocol;
    this.config = setup.config;
    this.seed = setup.seed;
    this.faults = setup.faults;
    this.out = setup.out;
    this.nodes = Object.freeze(Array.from({ length: topologySizeOf(setup.layout) }, (_, i) => i));
    this.layout = setup.layout;
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
    this.byzantineRandom = null;
    this.held = null;
    this.span = null;
    this.durableData = DurableData.fromRecord(clonePlain(durable));
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
    // Messages that waited at a paused node came due before those still on their way.
    const waited = this.held ? this.held.takeAll().filter((e): e is MessageEnvelope => e.kind === 'msg') : [];
    this.held = null;
    for (const m of waited) this.recordDrop(m, 'crash');
    for (const m of inFlight) this.recordDrop(m, 'crash');
    this.timers.clear();
    this.state = undefined;
    return this.durableData.record();
  }

  hasTimer(id: TimerId): boolean {
    return this.timers.has(id);
  }

  durableState(): Record<string, unknown> {
    return this.durableData.record();
  }

  /**
   * Runs one event. Returns false when it was a cancelled timer (nothing happened). A paused
   * node holds it instead (a message arrives first: a cut link still loses it now).
   */
  process(event: QueuedEvent): boolean {
    this.now = event.at;
    if (this.held) return this.hold(event);
    switch (event.kind) {
      case 'msg':
        if (event.arrivedAt === undefined) {
          if (this.lostOnArrival(event)) return true;
          const delayUs = this.faults.slowDelayUs(this.id);
          if (delayUs > 0) return this.backlog(event, delayUs);
        }
        this.deliver(event);
        return true;
      case 'timer':
        return this.fire(event.originSeq, event.name, event.data, event.span);
      case 'command':
        // A queued operation's command is the queue's own (the workload made it, or it came in
        // a copy): the trace keeps it, and only the protocol's copy is made.
        this.command(event.at, event.command, event.originSeq, true);
        return true;
    }
  }

  /**
   * A client operation or a poke delivered straight to onCommand (workload and user actions).
   * `owned`: nothing else refers to `command`, so the trace may keep it without a copy.
   */
  command(at: Micros, command: { type: string }, opId: number, owned = false): void {
    this.now = at;
    if (this.held) {
      const event: CommandEvent = { kind: 'command', at, node: this.id, originNode: ENVIRONMENT, originIncarnation: 0, originSeq: opId, command: clonePlain(command) as never };
      this.held.hold(event);
      return;
    }
    const span = operationSpan(opId);
    this.out.trace({ kind: 'invoke', opId, command: owned ? command : clonePlain(command), span, at: this.now, node: this.id, incarnation: this.incarnationValue, seq: ++this.traceSeq });
    this.span = span;
    this.protocol.onCommand(this.state, this.ctx, clonePlain(command), opId);
    this.span = null;
  }

  get paused(): boolean {
    return this.held !== null;
  }

  /** Freezes the node (kernel/pause.ts): from now on it holds what falls due. */
  pause(at: Micros): void {
    if (this.held) return;
    this.now = at;
    this.record({ kind: 'pause' });
    this.held = new HeldEvents();
  }

  /** Thaws the node at `at`: everything that waited runs now, in the order it fell due. */
  resume(at: Micros): void {
    const held = this.held;
    if (!held) return;
    this.held = null;
    this.now = at;
    const events = held.takeAll();
    this.record({ kind: 'resume', held: events.length });
    for (const event of events) {
      this.now = at;
      switch (event.kind) {
        case 'msg':
          this.deliver(event);
          break;
        case 'timer':
          this.fire(event.originSeq, event.name, event.data, event.span);
          break;
        case 'command':
          this.command(at, event.command, event.originSeq);
          break;
      }
    }
  }

  /** What the page draws: the protocol's view, timers, and the node's faults when it has any. */
  view(): HostView {
    const view: HostView = { protocol: this.protocol.view(this.state), timers: [...this.timers.values()] };
    if (this.held) {
      view.paused = true;
      view.held = this.held.size;
    }
    const policy = this.faults.byzantinePolicy(this.id);
    if (policy !== null) view.byzantine = policy;
    const slowUs = this.faults.slowDelayUs(this.id);
    if (slowUs > 0) view.slowUs = slowUs;
    return view;
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
      durable: clonePlain({ ...this.durableData.record() }),
      random: this.random.state(),
      linkRandom: [...this.linkRandom].map(([to, r]) => [to, r.state()]),
      ...(this.held ? { held: this.held.snapshot() } : {}),
      ...(this.byzantineRandom ? { byzantineRandom: this.byzantineRandom.state() } : {}),
    };
  }

  restore(s: HostSnapshot): void {
    this.incarnationValue = s.incarnation;
    this.now = s.now;
    this.seq = s.seq;
    this.traceSeq = s.traceSeq;
    this.state = clonePlain(s.state);
    this.timers = new Map(s.timers.map((t) => [t.id, { ...t }]));
    this.durableData = DurableData.fromRecord(clonePlain(s.durable));
    this.random = RandomStream.fromState(s.random);
    this.linkRandom = new Map(s.linkRandom.map(([to, r]) => [to, RandomStream.fromState(r)]));
    this.byzantineRandom = s.byzantineRandom ? RandomStream.fromState(s.byzantineRandom) : null;
    this.held = s.held ? new HeldEvents(s.held) : null;
    this.span = null;
  }

  /** A paused node holds what falls due; a message arrives first and may be lost on arrival. */
  private hold(event: QueuedEvent): boolean {
    if (event.kind === 'msg' && this.lostOnArrival(event)) return true;
    if (event.kind === 'timer' && !this.timers.has(event.originSeq)) return false;
    this.held!.hold(event);
    return true;
  }

  /**
   * A slow node (kernel/faults.ts `slow`: a CPU-starved process) has arrived messages sit in its
   * receive backlog: the message has arrived now (so nothing on the way can lose it any more)
   * and its handler runs `delayUs` later, at the node's own queue, in canonical order among the
   * events of that instant. Its timers are not held back: a starved process's timers wake it on
   * time, and what it then finds is the acks it has not read yet, which is how a slow member
   * comes to accuse healthy ones (Lifeguard, Dadgar et al. 2018, §3). A crash loses the backlog
   * with everything else on its way to the node.
   */
  private backlog(m: MessageEnvelope, delayUs: Micros): boolean {
    this.out.schedule({ ...m, at: m.at + delayUs, arrivedAt: m.at });
    return true;
  }

  /** A cable cut while the message was on it, or the user clicked it away: lost on arrival. */
  private lostOnArrival(m: MessageEnvelope): boolean {
    if (!this.faults.linkUp(m.originNode, this.id)) {
      this.recordDrop(m, 'link-down');
      return true;
    }
    if (this.faults.isDropped(idOf(m))) {
      this.recordDrop(m, 'user');
      return true;
    }
    return false;
  }

  private deliver(m: MessageEnvelope): void {
    const span = m.span ?? null;
    // Each event is made whole in one literal (the fields record() would add come last, in its
    // order): one shape per kind, no fields added afterwards. The same fields in the same order.
    this.out.trace(
      span
        ? { kind: 'deliver', from: m.originNode, id: idOf(m), sentAt: m.sentAt, msgType: m.msg.type, span, at: this.now, node: this.id, incarnation: this.incarnationValue, seq: ++this.traceSeq }
        : { kind: 'deliver', from: m.originNode, id: idOf(m), sentAt: m.sentAt, msgType: m.msg.type, at: this.now, node: this.id, incarnation: this.incarnationValue, seq: ++this.traceSeq },
    );
    this.span = span;
    this.protocol.onMessage(this.state, this.ctx, m.originNode, m.msg);
    this.span = null;
  }

  private fire(id: TimerId, name: string, data: unknown, span: SpanContext | undefined): boolean {
    if (!this.timers.delete(id)) return false;
    this.out.trace(
      span
        ? { kind: 'timer', timer: id, name, span, at: this.now, node: this.id, incarnation: this.incarnationValue, seq: ++this.traceSeq }
        : { kind: 'timer', timer: id, name, at: this.now, node: this.id, incarnation: this.incarnationValue, seq: ++this.traceSeq },
    );
    const timer: Timer = { id, name, data };
    this.span = span ?? null;
    this.protocol.onTimer(this.state, this.ctx, timer);
    this.span = null;
    return true;
  }

  private send(to: NodeId, msg: { type: string }, given: boolean): void {
    if (!(to >= 0 && to < this.faults.nodeCount)) throw new RangeError(`send to unknown node ${to}`);
    const policy = this.faults.byzantinePolicy(this.id);
    // A message handed over (kernel/hand-over.ts) travels itself; a byzantine policy may change
    // what it forges from, so it always gets a copy.
    if (policy === null) return this.sendCopy(to, keptOf(msg, given), false);
    const copy = clonePlain(msg);
    const copies = forgeCopies(this.protocol.byzantine, policy, copy, to, this.byzantineStream());
    if (copies.length === 0) return this.dropAtSend(to, copy, 'byzantine', true);
    for (const c of copies) this.sendCopy(to, c.msg, c.forged);
  }

  private sendCopy(to: NodeId, copy: { type: string }, forged: boolean): void {
    const faults = this.faults;
    if (!faults.isUp(to)) return this.dropAtSend(to, copy, 'node-down', forged);
    if (!faults.linkUp(this.id, to)) return this.dropAtSend(to, copy, 'link-down', forged);
    const link = this.linkStream(to);
    const { lossRate, duplicateRate } = faults.network;
    const latencyUs = faults.latencyOf(this.id, to);
    if (link.chance(lossRate)) return this.dropAtSend(to, copy, 'loss', forged);
    this.transmit(to, copy, link.int(latencyUs.min, latencyUs.max), forged);
    if (link.chance(duplicateRate)) this.transmit(to, copy, link.int(latencyUs.min, latencyUs.max), forged);
  }

  private transmit(to: NodeId, msg: { type: string }, latency: Micros, forged: boolean): void {
    const seq = ++this.seq;
    const dueAt = this.now + latency;
    const id: MessageId = { from: this.id, fromIncarnation: this.incarnationValue, fromSeq: seq };
    const span = this.recordSend(to, id, dueAt, msg, forged);
    const envelope: MessageEnvelope = {
      kind: 'msg',
      at: dueAt,
      node: to,
      originNode: this.id,
      originIncarnation: this.incarnationValue,
      originSeq: seq,
      sentAt: this.now,
      msg,
    };
    if (span) (envelope as { span?: SpanContext }).span = { trace: span.trace, span: span.span };
    if (forged) (envelope as { forged?: true }).forged = true;
    this.out.schedule(envelope);
  }

  private dropAtSend(to: NodeId, msg: { type: string }, reason: DropReason, forged: boolean): void {
    const seq = ++this.seq;
    const id: MessageId = { from: this.id, fromIncarnation: this.incarnationValue, fromSeq: seq };
    this.recordSend(to, id, this.now, msg, forged);
    this.record({ kind: 'drop', from: this.id, to, id, reason, msgType: msg.type });
  }

  /** Records a send, with its span when a trace is running; returns that span. */
  private recordSend(to: NodeId, id: MessageId, dueAt: Micros, msg: { type: string }, forged: boolean) {
    const parentSpan = this.span;
    if (!forged) {
      // The common case made in one literal, as deliver() does; forged sends take the path below.
      if (parentSpan === null) {
        this.out.trace({ kind: 'send', to, id, dueAt, msg, at: this.now, node: this.id, incarnation: this.incarnationValue, seq: ++this.traceSeq });
        return null;
      }
      const span = { trace: parentSpan.trace, span: messageSpanId(id.from, id.fromIncarnation, id.fromSeq), parent: parentSpan.span };
      this.out.trace({ kind: 'send', to, id, dueAt, msg, span, at: this.now, node: this.id, incarnation: this.incarnationValue, seq: ++this.traceSeq });
      return span;
    }
    const event = { kind: 'send', to, id, dueAt, msg } as Extract<TraceEvent, { kind: 'send' }>;
    if (forged) event.forged = true;
    const parent = this.span;
    let span: { trace: string; span: string; parent: string } | null = null;
    if (parent) {
      span = { trace: parent.trace, span: messageSpanId(id.from, id.fromIncarnation, id.fromSeq), parent: parent.span };
      event.span = span;
    }
    this.record(event);
    return span;
  }

  /** Records a request to start or stop nodes; the runner carries it out (kernel/scaling.ts). */
  private requestNodes(request: ScaleRequest): Micros {
    if (this.protocol.scales?.(this.config) !== true) throw new Error(`protocol ${this.protocol.name} does not scale as configured (Protocol.scales)`);
    checkScaleRequest(request, this.layout, this.faults.nodeCount);
    const effectAt = this.now + this.faults.minLatencyUs;
    this.record({ kind: 'scale', request: clonePlain(request) as ScaleRequest, effectAt });
    return effectAt;
  }

  private byzantineStream(): RandomStream {
    if (!this.byzantineRandom) this.byzantineRandom = RandomStream.derive(this.seed, byzantineStreamName(this.id, this.incarnationValue));
    return this.byzantineRandom;
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
      get: (key) => host.durableData.get(key) as never,
      put: (key, value) => host.durableData.put(key, value),
      delete: (key) => host.durableData.delete(key),
      getAt: (name, index) => host.durableData.getAt(name, index) as never,
      putAt: (name, index, value, given) => host.durableData.putAt(name, index, value, given === true),
      deleteAt: (name, index) => host.durableData.deleteAt(name, index),
    };
    return {
      ...topologyContext(layout, this.id),
      self: this.id,
      nodes: this.nodes,
      now: () => host.now,
      send: (to, msg, given) => host.send(to, msg, given === true),
      setTimer: (delay, name, data) => {
        if (!(delay >= 0) || !Number.isSafeInteger(delay)) {
          throw new RangeError(`timer delay must be a whole number of microseconds >= 0, got ${delay}`);
        }
        const id = ++host.seq;
        host.timers.set(id, { id, name, setAt: host.now, dueAt: host.now + delay });
        const timer: TimerEvent = {
          kind: 'timer',
          at: host.now + delay,
          node: host.id,
          originNode: host.id,
          originIncarnation: host.incarnationValue,
          originSeq: id,
          name,
          data: data === undefined ? null : clonePlain(data),
        };
        // The timer's handler will run in the span its setter runs in (kernel/spans.ts).
        if (host.span) (timer as { span?: SpanContext }).span = host.span;
        host.out.schedule(timer);
        return id;
      },
      cancelTimer: (id) => void host.timers.delete(id),
      get random() {
        return host.random;
      },
      durable,
      observe: (what, data, given) =>
        host.out.trace({ kind: 'observe', what, data: data === undefined ? undefined : keptOf(data, given === true), at: host.now, node: host.id, incarnation: host.incarnationValue, seq: ++host.traceSeq }),
      metric: (name, value) => host.record({ kind: 'metric', name, value }),
      requestNodes: (request) => host.requestNodes(request),
      reply: (opId, result, given) => {
        const kept = keptOf(result, given === true);
        host.out.trace(
          host.span
            ? { kind: 'return', opId, result: kept, span: host.span, at: host.now, node: host.id, incarnation: host.incarnationValue, seq: ++host.traceSeq }
            : { kind: 'return', opId, result: kept, at: host.now, node: host.id, incarnation: host.incarnationValue, seq: ++host.traceSeq },
        );
      },
    };
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export function idOf(m: MessageEnvelope): MessageId {
  return { from: m.originNode, fromIncarnation: m.originIncarnation, fromSeq: m.originSeq };
}

export { ENVIRONMENT };
