import type { Action } from '../engine/kernel/actions';
import type { MessageEnvelope, QueuedEvent } from '../engine/kernel/events';
import { FaultState } from '../engine/kernel/faults';
import { EventHeap } from '../engine/kernel/heap';
import { compareKeys, instantKey, minKey, NEVER, plainKey, type EventKey } from '../engine/kernel/key';
import { NodeHost } from '../engine/kernel/node-host';
import type { NodeId } from '../engine/kernel/protocol';
import { nodeName, type TopologyLayout } from '../engine/kernel/topology';
import type { TraceEvent } from '../engine/kernel/trace';
import { prepareRun } from '../engine/runner/setup';
import type { ResolvedScale } from '../engine/kernel/scaling';
import { Timeline, userOpId } from '../engine/runner/timeline';
import type { WorkloadStream } from '../engine/scenario/workload';
import { eventTargetEndpoint, type Endpoint } from './endpoint';
import type { FromWorker, PeerBatch, ToWorker, WindowCounters, WorkerStart } from './wire';

/** Trace goes to the coordinator at least this often, so it can hash while the run goes on. */
const TRACE_FLUSH_WINDOWS = 64;
const TRACE_FLUSH_EVENTS = 4096;

/**
 * One node's process in the worker runner (DESIGN.md invariants 3 and 4). It runs its own node
 * in conservative time windows: a window is never longer than the minimum link latency, so
 * nothing a peer sends inside it can be due inside it. At a window's end it sends each live peer
 * one batch (its messages for that peer and its earliest pending event) and waits for theirs.
 * From the same batches every worker computes the same next window, skipping idle stretches,
 * so no central barrier is needed; the coordinator only grants horizons and handles restarts.
 */
export class NodeWorkerCore {
  private start!: WorkerStart;
  private host!: NodeHost;
  private faults!: FaultState;
  private layout!: TopologyLayout;
  private workload: WorkloadStream | null = null;
  private timeline!: Timeline;
  /**
   * Requests for nodes the coordinator resolved (kernel/scaling.ts), applied after the
   * timeline's actions of their instant: an instant's actions are those, then these.
   */
  private effects: ResolvedScale[] = [];
  private readonly queue = new EventHeap<QueuedEvent>(compareKeys);
  private readonly peers = new Map<NodeId, Endpoint>();
  private readonly inbox = new Map<number, PeerBatch[]>();
  private readonly outgoing = new Map<NodeId, MessageEnvelope[]>();
  private readonly sentTo = new Map<NodeId, EventKey>();
  private readonly activeNodes = new Set<NodeId>();
  private traceBuffer: TraceEvent[] = [];
  private pos!: EventKey;
  /** Every node's earliest queued event, identical in every worker (see exchange()). */
  private nextOf!: EventKey[];
  private window = 0;
  private horizon!: EventKey;
  private readonly grants: Extract<ToWorker, { type: 'grant' }>[] = [];
  private wake: (() => void) | null = null;
  private awaitedWindow = -1;
  private awaitedCount = 0;
  private stopped = false;
  private readonly counters: WindowCounters = { windows: 0, active: 0, posted: 0, postedEmpty: 0, busyMs: 0, waitMs: 0 };

  constructor(private readonly coordinator: Endpoint) {
    coordinator.listen((data) => this.onControl(data as ToWorker));
  }

  private onControl(msg: ToWorker): void {
    try {
      switch (msg.type) {
        case 'init':
          this.init(msg.start, msg.peers);
          void this.run().catch((error: unknown) => this.fail(error));
          return;
        case 'grant':
          this.grants.push(msg);
          this.wakeUp();
          return;
        case 'peer':
          this.connectPeer(msg.id, msg.port);
          return;
        case 'snapshot':
          this.send({ type: 'snapshot', id: this.start.id, host: this.host.snapshot(), queue: this.queue.sorted() });
          return;
        case 'stop':
          this.stopped = true;
          for (const peer of this.peers.values()) peer.close?.();
          this.wakeUp();
          return;
      }
    } catch (error) {
      this.fail(error);
    }
  }

  private init(start: WorkerStart, peers: [NodeId, MessagePort][]): void {
    this.start = start;
    const scenario = start.scenario;
    const setup = prepareRun(scenario, false);
    this.faults = FaultState.fromSnapshot(start.faults);
    this.layout = setup.layout;
    this.workload = setup.workload;
    if (this.workload && start.workload) this.workload.restore(start.workload);
    this.timeline = new Timeline(scenario.timeline, start.applied);
    this.effects = start.effects ?? [];
    this.pos = start.pos;
    this.horizon = start.pos;
    this.nextOf = start.nextOf.slice();
    this.window = start.window;
    for (const [id, port] of peers) this.connectPeer(id, port);
    for (const e of start.queue) this.queue.push(e);
    this.host = new NodeHost({
      protocol: setup.protocol,
      config: setup.config,
      seed: scenario.seed,
      id: start.id,
      layout: setup.layout,
      faults: this.faults,
      out: {
        schedule: (e) => this.schedule(e),
        trace: (e) => this.traceBuffer.push(e),
      },
    });
    if (start.host) this.host.restore(start.host);
    if (start.bootNow) this.host.start(start.pos.at, this.faults.incarnation[start.id] ?? 0, start.durable);
  }

  /** A node's name for error messages (the topology's: "S1", "C2"). */
  private name(id: NodeId): string {
    return nodeName(this.layout, id);
  }

  private connectPeer(id: NodeId, port: MessagePort): void {
    this.peers.get(id)?.close?.();
    const endpoint = eventTargetEndpoint(port as never);
    endpoint.listen((data) => this.onBatch(data as PeerBatch));
    this.peers.set(id, endpoint);
  }

  private schedule(e: QueuedEvent): void {
    if (e.node === this.start.id) {
      this.queue.push(e);
      return;
    }
    let list = this.outgoing.get(e.node);
    if (!list) this.outgoing.set(e.node, (list = []));
    list.push(e as MessageEnvelope);
    const earliest = this.sentTo.get(e.node);
    if (!earliest || compareKeys(e, earliest) < 0) this.sentTo.set(e.node, plainKey(e));
  }

  private async run(): Promise<void> {
    if (this.start.bootNow) {
      // The boot at time 0 is exchanged in a window of its own, before any action of time 0:
      // a window starts with nothing unsent, so a node that crashes at once loses no boot output.
      for (const id of this.faults.upNodes()) this.activeNodes.add(id);
      await this.exchange();
    }
    let windowsSinceFlush = 0;
    let granted = false;
    while (!this.stopped) {
      if (compareKeys(this.pos, this.horizon) >= 0) {
        if (granted) this.reportReached();
        const grant = await this.nextGrant();
        if (!grant) return;
        granted = true;
        this.horizon = grant.horizon;
        // The grant carries every action not applied yet: it replaces what this worker had.
        this.timeline.actions.splice(this.timeline.applied, Infinity, ...grant.actions);
        this.effects = grant.effects ?? [];
        if (grant.stage !== undefined) {
          // One stage of this instant's actions, a window of its own with no events in it.
          this.activeNodes.clear();
          if (this.applyActions(this.pos.at, this.takeInstant(this.pos.at, grant.stage)) === 'crashed') return;
          await this.exchange();
        }
        continue;
      }
      const actionAt = this.nextActionAt();
      const workloadAt = this.workload?.nextAt() ?? Number.MAX_SAFE_INTEGER;
      const start = minKey(minKey(this.earliestNext(), instantKey(actionAt)), instantKey(workloadAt));
      if (compareKeys(start, this.horizon) >= 0) {
        this.pos = this.horizon;
        continue;
      }
      this.activeNodes.clear();
      if (compareKeys(start, instantKey(actionAt)) === 0) {
        if (this.applyActions(actionAt, this.takeInstant(actionAt)) === 'crashed') return;
      }
      const lookahead = this.faults.minLatencyUs;
      const cap = minKey(instantKey(this.nextActionAt()), this.horizon);
      // Every node runs at least to `end`; one whose peers have nothing before it may run on,
      // never past `reach` (windowEnds says why each node's own end is safe).
      const end = minKey(instantKey(start.at + lookahead), cap);
      const reach = minKey(instantKey(start.at + 2 * lookahead), cap);
      this.pullWorkload(reach);
      const ends = this.windowEnds(start, end, reach, lookahead);
      for (const id of this.faults.upNodes()) {
        if (compareKeys(this.nextOf[id]!, ends[id]!) < 0) this.activeNodes.add(id);
      }
      const t0 = performance.now();
      this.processBefore(ends[this.start.id]!);
      const t1 = performance.now();
      await this.exchange();
      this.counters.busyMs += t1 - t0;
      this.counters.waitMs += performance.now() - t1;
      this.pos = end;
      if (++windowsSinceFlush >= TRACE_FLUSH_WINDOWS || this.traceBuffer.length >= TRACE_FLUSH_EVENTS) {
        windowsSinceFlush = 0;
        this.send({ type: 'trace', id: this.start.id, upTo: this.pos, trace: this.takeTrace() });
      }
    }
  }

  /**
   * Applies actions of one instant in timeline order. If one crashes this node, the rest still
   * update the fault state, so that the node knows who is up once they are all applied: if it
   * booted or took a command at this instant before crashing, its peers count it active in this
   * window and wait for its batch (the messages it sent meanwhile are on their way, as in the
   * in-process runner), which it sends before it leaves.
   */
  private nextActionAt(): number {
    return Math.min(this.timeline.nextAt(), this.effects[0]?.at ?? Number.MAX_SAFE_INTEGER);
  }

  /** The next `max` actions of instant `at`: the timeline's, then the resolved requests (index -1; null: no-op). */
  private takeInstant(at: number, max = Infinity): { index: number; action: Action | null }[] {
    const out: { index: number; action: Action | null }[] = this.timeline.takeAt(at, max);
    while (out.length < max && this.effects.length > 0 && this.effects[0]!.at === at) out.push({ index: -1, action: this.effects.shift()!.action });
    return out;
  }

  private applyActions(at: number, actions: { index: number; action: Action | null }[]): 'crashed' | void {
    let durable: Record<string, unknown> | null = null;
    for (const { index, action } of actions) {
      const crashed = this.applyAction(at, index, action, durable !== null);
      if (crashed) durable = crashed;
    }
    if (durable === null) return;
    const self = this.start.id;
    if (this.activeNodes.has(self)) this.postBatches(this.window);
    this.send({ type: 'crashed', id: self, incarnation: this.host.incarnation, at, durable, trace: this.takeTrace() });
    this.stopped = true;
    for (const peer of this.peers.values()) peer.close?.();
    return 'crashed';
  }

  /** Applies one action; returns this node's durable writes when it crashes it. */
  private applyAction(at: number, index: number, action: Action | null, down: boolean): Record<string, unknown> | void {
    if (action === null || !this.faults.changesSomething(action)) return;
    this.faults.apply(action);
    const self = this.start.id;
    // A node that boots, takes a command or resumes at this instant has work in this window
    // (every worker knows it from the action alone, whether or not anything waited).
    if (action.kind === 'restart' || action.kind === 'command' || action.kind === 'resume') this.activeNodes.add(action.node);
    if (action.kind === 'crash') this.nextOf[action.node] = NEVER;
    if (action.kind === 'crash' && action.node === self) {
      // What a peer sent at this instant must be queued here to be lost with this node.
      for (const id of this.activeNodes) {
        if (id !== self) throw new Error(`${this.name(self)} crashed in the stage ${this.name(id)} acted in`);
      }
      const lost = this.queue.extract(() => true).filter((e): e is MessageEnvelope => e.kind === 'msg');
      return this.host.crash(at, lost);
    }
    if (action.kind === 'restart' && action.node === self) {
      // A restart after a crash of this instant belongs to a fresh worker (a later stage).
      if (down) throw new Error(`${this.name(self)} restarted in the stage it crashed in`);
      this.host.start(at, this.faults.incarnation[self] ?? 0, this.start.durable);
    }
    if (action.kind === 'command' && action.node === self) {
      this.host.command(at, action.command, userOpId(index));
    }
    if (action.kind === 'pause' && action.node === self) this.host.pause(at);
    if (action.kind === 'resume' && action.node === self) this.host.resume(at);
  }

  /**
   * Queues this node's client operations before `end` and counts every node's in `nextOf` (every
   * worker pulls the same ones): a node's operation is an event of its own, from which it may send.
   */
  private pullWorkload(end: EventKey): void {
    if (!this.workload) return;
    const limit = compareKeys(end, instantKey(end.at)) === 0 ? end.at : end.at + 1;
    for (const op of this.workload.pull(limit, this.faults)) {
      this.nextOf[op.node] = minKey(this.nextOf[op.node]!, plainKey(op));
      if (op.node === this.start.id) this.queue.push(op);
    }
  }

  /**
   * Each running node's end of the window that starts at `start` (the same in every worker).
   * A node can send only from an event of its own: node k at `nextOf[k]` at the earliest, or,
   * woken by a message sent in this window, at `start + L` at the earliest. What it sends takes
   * L more to arrive. So node j runs safely up to L after the earliest instant any other node
   * may send: `start + L` for all but a node that alone has events before `start + L`, which may
   * run up to `start + 2L` (the lookahead from its peers' own promise of their next send, issue
   * 12). Never past `reach` (the next action, the horizon); never short of `end`.
   */
  private windowEnds(start: EventKey, end: EventKey, reach: EventKey, lookahead: number): EventKey[] {
    const up = this.faults.upNodes();
    const ends: EventKey[] = [];
    if (compareKeys(end, reach) === 0) {
      for (const id of up) ends[id] = end;
      return ends;
    }
    // A node acted on at `start` (booted, took a command, resumed) may send at `start`.
    const sendsFrom = (k: NodeId) => (this.activeNodes.has(k) ? start.at : Math.min(this.nextOf[k]!.at, start.at + lookahead));
    let first = Number.MAX_SAFE_INTEGER;
    let firstNode = -1;
    let second = Number.MAX_SAFE_INTEGER;
    for (const k of up) {
      const at = sendsFrom(k);
      if (at < first) {
        second = first;
        first = at;
        firstNode = k;
      } else if (at < second) second = at;
    }
    for (const j of up) {
      const earliestOther = j === firstNode ? second : first;
      const own = minKey(instantKey(Math.min(earliestOther, start.at + lookahead) + lookahead), reach);
      ends[j] = compareKeys(own, end) < 0 ? end : own;
    }
    return ends;
  }

  private processBefore(end: EventKey): void {
    const queue = this.queue;
    for (;;) {
      const next = queue.peek();
      if (!next || compareKeys(next, end) >= 0) return;
      queue.pop();
      this.host.process(next);
    }
  }

  /** The earliest event any running node has queued. */
  private earliestNext(): EventKey {
    let earliest = NEVER;
    for (const id of this.faults.upNodes()) earliest = minKey(earliest, this.nextOf[id]!);
    return earliest;
  }

  /**
   * Ends a window. Every node that had events in it (the same set in every worker) sends every
   * live peer a batch and waits for the batches of the other active nodes; a node without events
   * stays silent. From the batches every worker updates the same `nextOf` picture.
   */
  private async exchange(): Promise<void> {
    const self = this.start.id;
    const window = this.window++;
    const active = this.activeNodes;
    if (active.size === 0) return;
    const selfActive = active.has(self);
    this.counters.windows++;
    if (selfActive) this.counters.active++;
    const reports: { from: NodeId; localMin: EventKey; sentTo: [NodeId, EventKey][] }[] = [];
    if (selfActive) reports.push(this.postBatches(window));
    const expected = active.size - (selfActive ? 1 : 0);
    if (expected > 0) {
      for (const batch of await this.batchesOf(window, expected)) {
        for (const m of batch.msgs) this.queue.push(m);
        reports.push(batch);
      }
    }
    // Each active node's own report first, then what was sent to anyone: a message can only
    // bring its destination's next event earlier, whichever batch arrived first.
    for (const r of reports) this.nextOf[r.from] = r.localMin;
    for (const r of reports) this.applySentTo(r.sentTo);
  }

  /** Sends every live peer this node's batch of `window`; returns what the batch reports. */
  private postBatches(window: number): { from: NodeId; localMin: EventKey; sentTo: [NodeId, EventKey][] } {
    const self = this.start.id;
    // Cancelled timers at the head would report a next event that never happens: each one made
    // this node "active" in a window of its own, with a batch to every peer and every peer
    // waiting for it (Raft's followers cancel an election timer per heartbeat). What is reported
    // only moves windows; every worker reads the same report, so all still agree on them.
    const head = this.liveHead();
    const localMin = head ? plainKey(head) : NEVER;
    const sentTo = [...this.sentTo];
    for (const peer of this.faults.upNodes()) {
      if (peer === self) continue;
      const port = this.peers.get(peer);
      if (!port) throw new Error(`${this.name(self)} has no channel to live peer ${this.name(peer)}`);
      const batch: PeerBatch = { window, from: self, msgs: this.outgoing.get(peer) ?? [], localMin, sentTo };
      port.post(batch);
      this.counters.posted++;
      if (batch.msgs.length === 0) this.counters.postedEmpty++;
    }
    this.outgoing.clear();
    this.sentTo.clear();
    return { from: self, localMin, sentTo };
  }

  private applySentTo(sentTo: [NodeId, EventKey][]): void {
    for (const [node, key] of sentTo) {
      if (this.faults.isUp(node)) this.nextOf[node] = minKey(this.nextOf[node]!, key);
    }
  }

  private onBatch(batch: PeerBatch): void {
    let list = this.inbox.get(batch.window);
    if (!list) this.inbox.set(batch.window, (list = []));
    list.push(batch);
    if (batch.window === this.awaitedWindow && list.length >= this.awaitedCount) this.wakeUp();
  }

  private async batchesOf(window: number, count: number): Promise<PeerBatch[]> {
    while ((this.inbox.get(window)?.length ?? 0) < count) {
      this.awaitedWindow = window;
      this.awaitedCount = count;
      await new Promise<void>((resolve) => (this.wake = resolve));
      if (this.stopped) return [];
    }
    const list = this.inbox.get(window)!;
    this.inbox.delete(window);
    // Arrival order differs from run to run; the queue orders messages canonically anyway.
    return list;
  }

  private async nextGrant(): Promise<Extract<ToWorker, { type: 'grant' }> | null> {
    while (this.grants.length === 0) {
      if (this.stopped) return null;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
    return this.grants.shift()!;
  }

  private wakeUp(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  private reportReached(): void {
    // Cancelled timers at the head of the queue would make the exact next event look earlier.
    const head = this.liveHead();
    const up = this.faults.isUp(this.start.id);
    this.send({
      type: 'reached',
      id: this.start.id,
      horizon: this.horizon,
      window: this.window,
      nextOf: this.nextOf,
      exactNext: head ? plainKey(head) : null,
      trace: this.takeTrace(),
      report: this.start.withViews
        ? {
            id: this.start.id,
            incarnation: this.host.incarnation,
            up,
            view: up ? this.host.view() : null,
            inbound: this.queue.sorted().filter((e): e is MessageEnvelope => e.kind === 'msg'),
          }
        : null,
      counters: { ...this.counters },
    });
  }

  /**
   * The queue's first event that will happen: cancelled timers before it are dropped (running
   * one does nothing and records nothing, so dropping it early changes no trace).
   */
  private liveHead(): QueuedEvent | undefined {
    let head = this.queue.peek();
    while (head && head.kind === 'timer' && !this.host.hasTimer(head.originSeq)) {
      this.queue.pop();
      head = this.queue.peek();
    }
    return head;
  }

  private takeTrace(): TraceEvent[] {
    const trace = this.traceBuffer;
    this.traceBuffer = [];
    return trace;
  }

  private send(msg: FromWorker): void {
    this.coordinator.post(msg);
  }

  private fail(error: unknown): void {
    const message = error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error);
    this.send({ type: 'failed', id: this.start?.id ?? -1, message });
  }
}
