import type { Action, Actor, TimedAction } from '../engine/kernel/actions';
import type { QueuedEvent } from '../engine/kernel/events';
import { FaultState } from '../engine/kernel/faults';
import { compareKeys, instantKey, keyAfter, minKey, NEVER, plainKey, type EventKey } from '../engine/kernel/key';
import type { HostSnapshot } from '../engine/kernel/node-host';
import type { NodeId, Violation } from '../engine/kernel/protocol';
import type { TraceEvent, TraceSink } from '../engine/kernel/trace';
import type { Micros } from '../engine/kernel/time';
import { nodeName } from '../engine/kernel/topology';
import { ScaleQueue } from '../engine/kernel/scaling';
import { TraceCollector } from '../engine/runner/collector';
import type { InProcessSnapshot } from '../engine/runner/inprocess';
import { prepareRun, type RunSetup } from '../engine/runner/setup';
import { summarize, type RunSummary } from '../engine/runner/summary';
import { Timeline } from '../engine/runner/timeline';
import type { Scenario } from '../engine/scenario/schema';
import type { Endpoint } from './endpoint';
import { EnvironmentMirror } from './environment-mirror';
import { instantStages, needsCoordinator } from './instant-stages';
import type { FromWorker, NodeReport, ToWorker, WindowCounters, WorkerStart } from './wire';

/** A node worker as the coordinator sees it: a channel it can also kill for real. */
export interface WorkerHandle extends Endpoint {
  terminate(): void | Promise<unknown>;
}

/** Starts node workers: Web Workers in the page, worker_threads in Node. */
export interface WorkerFactory {
  /** A worker for node `id`; `name` is the node's name from the topology ("S1", "C2"). */
  spawn(id: NodeId, name: string): WorkerHandle;
  /** The MessageChannel constructor of the host (the global one in both). */
  channel(): { port1: MessagePort; port2: MessagePort };
}

export interface CoordinatorOptions {
  sink?: TraceSink;
  monitors?: boolean;
  /** Ask workers for node views and in-flight messages at every horizon (the page does). */
  withViews?: boolean;
}

interface Waiter {
  pending: Set<NodeId>;
  resolve: () => void;
  reject: (error: Error) => void;
}

/**
 * The worker runner's coordinator (DESIGN.md invariant 3): it owns virtual time and the user's
 * actions, never the protocol traffic. It grants horizons, merges the workers' trace into the
 * canonical order (the same TraceCollector as the in-process runner), kills a crashed node's
 * worker for real and spawns a fresh one at restart, wired to every live peer.
 */
export class WorkerCoordinator {
  readonly scenario: Scenario;
  private readonly setup: RunSetup;
  private readonly mirror: EnvironmentMirror;
  readonly collector: TraceCollector;
  private readonly workers = new Map<NodeId, WorkerHandle>();
  private readonly watermarks = new Map<NodeId, EventKey>();
  private readonly durable: Record<string, unknown>[];
  readonly reports = new Map<NodeId, NodeReport>();
  private readonly exactNext = new Map<NodeId, EventKey | null>();
  /** Each live worker's window counters at its last horizon (bench/ reads them). */
  readonly counters = new Map<NodeId, WindowCounters>();
  private pos: EventKey = instantKey(0);
  /** Every node's earliest queued event, as the workers reported it at the last horizon. */
  private nextOf: EventKey[] = [];
  private window = 0;
  private waiter: Waiter | null = null;
  private snapshotWaiter: { pending: Set<NodeId>; parts: Map<NodeId, { host: HostSnapshot; queue: QueuedEvent[] }>; resolve: () => void } | null = null;
  private failure: Error | null = null;
  /** Whether nodes may request nodes (kernel/scaling.ts): then horizons are at most one lookahead apart. */
  private readonly scales: boolean;
  /** Nodes' requests for nodes, learnt from the merged trace, waiting for their instant. */
  private readonly scaling = new ScaleQueue();

  constructor(
    scenario: Scenario,
    private readonly factory: WorkerFactory,
    private readonly options: CoordinatorOptions = {},
  ) {
    this.scenario = structuredClone(scenario);
    this.setup = prepareRun(this.scenario, options.monitors ?? true);
    this.scales = this.setup.protocol.scales?.(this.setup.config) === true;
    this.collector = new TraceCollector(this.setup.monitors, options.sink);
    this.mirror = new EnvironmentMirror(
      new FaultState(this.scenario.network, this.scenario.nodes, this.scenario.initiallyDown),
      this.setup.workload,
      new Timeline(this.scenario.timeline),
    );
    this.durable = Array.from({ length: this.scenario.nodes }, () => ({}));
    // At time 0 every node boots: each counts as having work until it reports otherwise.
    this.nextOf = Array.from({ length: this.scenario.nodes }, () => instantKey(0));
  }

  get now(): Micros {
    return this.pos.at;
  }

  get violation(): Violation | null {
    return this.collector.violation;
  }

  get actions(): readonly TimedAction[] {
    return this.mirror.timeline.actions;
  }

  get faults(): FaultState {
    return this.mirror.faults;
  }

  /** Spawns one worker per running node and wires a MessageChannel between every pair. */
  async start(from?: InProcessSnapshot): Promise<void> {
    const queues = new Map<NodeId, QueuedEvent[]>();
    const hosts = new Map<NodeId, HostSnapshot>();
    if (from) {
      const s = structuredClone(from);
      this.mirror.timeline.applied = s.applied;
      this.scaling.restore(s.scaling);
      this.mirror.faults.restore(s.faults);
      if (s.workload) this.mirror.workload?.restore(s.workload);
      this.collector.restore(s.collector);
      this.setup.monitors.forEach((m, i) => m.restore(s.monitors[i]));
      this.pos = s.pos;
      s.durable.forEach((d, i) => (this.durable[i] = d));
      for (const e of s.queue) {
        const list = queues.get(e.node) ?? [];
        list.push(e);
        queues.set(e.node, list);
      }
      s.hosts.forEach((h, i) => h && hosts.set(i, h));
      this.nextOf = this.nextOf.map(() => NEVER);
      for (const e of s.queue) this.nextOf[e.node] = minKey(this.nextOf[e.node]!, plainKey(e));
      this.reportCrashedNodes();
    }
    const ids = this.mirror.faults.upNodes();
    this.spawnWired(ids, (id) => ({
      host: hosts.get(id) ?? null,
      queue: queues.get(id) ?? [],
      bootNow: !from,
    }));
    // An empty grant: every worker reports where it stands (its next event, its view).
    await this.grant(this.pos);
  }

  /**
   * Takes the trace's and the monitors' state from `checked`, a traced snapshot of the moment
   * where the workers stand, started from an untraced one (CoordinatorService.showFirst): as if
   * they had started from `checked`, which holds the same state. Only before they run on.
   */
  adoptChecks(checked: InProcessSnapshot): void {
    if (compareKeys(this.pos, checked.pos) !== 0) throw new Error(`checks of ${checked.pos.at} µs cannot join a run at ${this.pos.at} µs`);
    const s = structuredClone({ collector: checked.collector, monitors: checked.monitors });
    this.collector.restore(s.collector);
    this.setup.monitors.forEach((m, i) => m.restore(s.monitors[i]));
  }

  /**
   * A run resumed from a snapshot has no worker for a node that is down, so nobody reports it:
   * say it is down, as a live crash does, unless it never ran (a spare slot not yet started).
   * Without this a crashed server vanished from the page after a seek back.
   */
  private reportCrashedNodes(): void {
    const faults = this.mirror.faults;
    for (let id = 0; id < this.scenario.nodes; id++) {
      if (faults.isUp(id)) continue;
      const everRan = !this.scenario.initiallyDown.includes(id) || (faults.incarnation[id] ?? 0) > 0;
      if (everRan) this.reports.set(id, { id, incarnation: faults.incarnation[id] ?? 0, up: false, view: null, inbound: [] });
    }
  }

  /** Runs every event before virtual time `until`. */
  runUntil(until: Micros): Promise<void> {
    return this.runTo(instantKey(until));
  }

  async runTo(boundary: EventKey): Promise<void> {
    while (this.collector.violation === null && compareKeys(this.pos, boundary) < 0) {
      const stopAt = this.nextStopAt();
      const horizon = minKey(minKey(boundary, instantKey(stopAt)), this.scalingCap());
      if (compareKeys(this.pos, horizon) < 0) await this.grant(horizon);
      if (compareKeys(horizon, instantKey(stopAt)) === 0 && compareKeys(horizon, boundary) < 0) {
        await this.applyInStages(stopAt);
        // The instant's last stage is applied by the workers when the next grant starts at it.
        await this.grant(minKey(boundary, keyAfter(instantKey(stopAt))));
      }
    }
  }

  /** Processes exactly the next event, as the in-process runner's `step` does. */
  async step(): Promise<boolean> {
    const next = this.nextEventKey();
    if (next === NEVER) return false;
    await this.runTo(keyAfter(next));
    return true;
  }

  nextEventKey(): EventKey {
    let next = instantKey(Math.min(this.mirror.nextActionAt(), this.scaling.nextAt()));
    for (const [id, key] of this.exactNext) if (key && this.workers.has(id)) next = minKey(next, key);
    const op = this.mirror.peekOperation();
    if (op) next = minKey(next, plainKey(op));
    return next.at >= Number.MAX_SAFE_INTEGER ? NEVER : next;
  }

  /** Stamps a user's action with the current virtual time and appends it to the timeline. */
  act(action: Action, by?: Actor): TimedAction {
    const at = compareKeys(this.pos, instantKey(this.pos.at)) === 0 ? this.pos.at : this.pos.at + 1;
    const index = this.mirror.timeline.insert(at, action, by);
    return this.mirror.timeline.actions[index]!;
  }

  /** Forgets every action after `at` that has not happened yet (the user forked the run). */
  truncateTimelineAfter(at: Micros): void {
    const t = this.mirror.timeline;
    const keep = t.actions.slice(t.applied).filter((a) => a.at <= at);
    t.actions.splice(t.applied, Infinity, ...keep);
  }

  summary(wallMs = 0): RunSummary {
    return summarize({
      scenario: { ...this.scenario, timeline: this.mirror.timeline.actions },
      runner: 'workers',
      collector: this.collector,
      monitors: this.setup.monitors,
      untilUs: this.pos.at,
      wallMs,
    });
  }

  /** The whole simulation as plain data, in the in-process runner's format (interchangeable). */
  async snapshot(): Promise<InProcessSnapshot> {
    const parts = new Map<NodeId, { host: HostSnapshot; queue: QueuedEvent[] }>();
    if (this.workers.size > 0) {
      await new Promise<void>((resolve) => {
        this.snapshotWaiter = { pending: new Set(this.workers.keys()), parts, resolve };
        for (const worker of this.workers.values()) worker.post({ type: 'snapshot' } satisfies ToWorker);
      });
    }
    const hosts: (HostSnapshot | null)[] = Array.from({ length: this.scenario.nodes }, (_, id) => parts.get(id)?.host ?? null);
    const queue = [...parts.values()].flatMap((p) => p.queue).sort(compareKeys);
    return structuredClone({
      scenario: { ...this.scenario, timeline: this.mirror.timeline.actions },
      pos: this.pos,
      applied: this.mirror.timeline.applied,
      faults: this.mirror.faults.snapshot(),
      hosts,
      durable: this.durable.map((d, id) => (hosts[id] ? {} : d)),
      queue,
      workload: this.mirror.workload?.snapshot() ?? null,
      collector: this.collector.snapshot(),
      monitors: this.setup.monitors.map((m) => m.snapshot()),
      ...(this.scaling.used ? { scaling: this.scaling.snapshot() } : {}),
    });
  }

  async close(): Promise<void> {
    for (const worker of this.workers.values()) {
      worker.post({ type: 'stop' } satisfies ToWorker);
      await worker.terminate();
    }
    this.workers.clear();
  }

  /** The next instant whose actions the coordinator applies itself (instant-stages.ts). */
  private nextStopAt(): Micros {
    const actions = this.mirror.timeline.actions;
    const requestAt = this.scaling.nextAt();
    for (let i = this.mirror.timeline.applied; i < actions.length; ) {
      const at = actions[i]!.at;
      if (at >= requestAt) break;
      let j = i;
      while (j < actions.length && actions[j]!.at === at) j++;
      if (needsCoordinator(actions.slice(i, j).map((a) => a.action))) return at;
      i = j;
    }
    return requestAt;
  }

  /**
   * For a protocol whose nodes request nodes: the horizon is at most one lookahead ahead, and
   * never past the next timeline action (which may shorten the lookahead). A request made before
   * it then takes effect at or after it, and the coordinator has it in its merged trace when it
   * gets there (kernel/scaling.ts).
   */
  private scalingCap(): EventKey {
    if (!this.scales) return NEVER;
    const faults = this.mirror.faults;
    const at = this.pos.at;
    // Actions at this very instant not applied yet apply first in the next grant: count them.
    const timeline = this.mirror.timeline;
    let lookahead = faults.minLatencyUs;
    let next = Number.MAX_SAFE_INTEGER;
    const probe = FaultState.fromSnapshot(faults.snapshot());
    for (let i = timeline.applied; i < timeline.actions.length; i++) {
      const a = timeline.actions[i]!;
      if (a.at > at) {
        next = a.at;
        break;
      }
      probe.apply(a.action);
      lookahead = Math.min(lookahead, probe.minLatencyUs);
    }
    return instantKey(Math.min(at + lookahead, next));
  }

  /**
   * Lets every live worker run to `horizon` and waits until each has reached it or crashed.
   * With `stage`, the workers only apply the next `stage` actions of the current instant.
   */
  private async grant(horizon: EventKey, stage?: number): Promise<void> {
    if (this.failure) throw this.failure;
    const timeline = this.mirror.timeline;
    const pending = timeline.actions.slice(timeline.applied);
    const done = new Promise<void>((resolve, reject) => {
      this.waiter = { pending: new Set(this.workers.keys()), resolve, reject };
    });
    const effects = this.mirror.effects.length > 0 ? { effects: this.mirror.effects.slice() } : {};
    const grant: ToWorker = stage === undefined ? { type: 'grant', horizon, actions: pending, ...effects } : { type: 'grant', horizon, actions: pending, stage, ...effects };
    for (const worker of this.workers.values()) worker.post(grant);
    const record = (e: TraceEvent) => this.collector.push(e);
    if (stage === undefined) this.mirror.advance(horizon, record);
    else this.mirror.applyStage(horizon.at, stage, record);
    if (this.waiter!.pending.size === 0) this.waiter!.resolve();
    await done;
    this.waiter = null;
    this.pos = horizon;
    this.collector.flush(horizon);
  }

  /**
   * Applies the actions of instant `at` in stages (instant-stages.ts says where and why) but for
   * the last, which the next grant applies. Before each stage, it spawns a fresh worker for each
   * node the stage restarts, wired to every live worker, with the durable writes of its last
   * crash: an earlier stage has ended the old worker and handed them over.
   */
  private async applyInStages(at: Micros): Promise<void> {
    const timeline = this.mirror.timeline;
    const actions: (Action | null)[] = timeline.actions.slice(timeline.applied).filter((a) => a.at === at).map((a) => a.action);
    if (this.scaling.nextAt() === at) {
      // The nodes' requests of this instant come after its timeline actions: resolve them
      // against the state those leave, and hand them to the workers as the instant's last actions.
      const after = FaultState.fromSnapshot(this.mirror.faults.snapshot());
      for (const a of actions) if (a) after.apply(a);
      const resolved = this.scaling.resolveAt(at, after, this.setup.layout);
      this.mirror.effects.push(...resolved);
      actions.push(...resolved.map((r) => r.action));
    }
    const stages = instantStages(this.mirror.faults, actions);
    for (const [i, stage] of stages.entries()) {
      this.spawnWired(stage.restarting, () => ({ host: null, queue: [], bootNow: false }));
      if (i < stages.length - 1) await this.grant(this.pos, stage.count);
    }
  }

  private spawnWired(
    ids: NodeId[],
    part: (id: NodeId) => Pick<WorkerStart, 'host' | 'queue' | 'bootNow'>,
  ): void {
    const existing = [...this.workers.keys()];
    const ports = new Map<NodeId, [NodeId, MessagePort][]>(ids.map((id) => [id, []]));
    const transfers = new Map<NodeId, MessagePort[]>(ids.map((id) => [id, []]));
    ids.forEach((id, i) => {
      for (const other of ids.slice(i + 1)) {
        const { port1, port2 } = this.factory.channel();
        ports.get(id)!.push([other, port1]);
        ports.get(other)!.push([id, port2]);
        transfers.get(id)!.push(port1);
        transfers.get(other)!.push(port2);
      }
      for (const other of existing) {
        const { port1, port2 } = this.factory.channel();
        ports.get(id)!.push([other, port1]);
        transfers.get(id)!.push(port1);
        this.workers.get(other)!.post({ type: 'peer', id, port: port2 } satisfies ToWorker, [port2]);
      }
    });
    for (const id of ids) {
      const worker = this.factory.spawn(id, nodeName(this.setup.layout, id));
      worker.listen((data) => this.onWorkerMessage(data as FromWorker));
      this.workers.set(id, worker);
      this.watermarks.set(id, this.pos);
      const start: WorkerStart = {
        scenario: { ...this.scenario, timeline: this.mirror.timeline.actions },
        id,
        pos: this.pos,
        nextOf: this.nextOf,
        window: this.window,
        applied: this.mirror.timeline.applied,
        faults: this.mirror.faults.snapshot(),
        workload: this.mirror.workload?.snapshot() ?? null,
        durable: this.durable[id] ?? {},
        withViews: this.options.withViews ?? false,
        ...(this.mirror.effects.length > 0 ? { effects: this.mirror.effects.slice() } : {}),
        ...part(id),
      };
      worker.post({ type: 'init', start, peers: ports.get(id)! } satisfies ToWorker, transfers.get(id)!);
    }
  }

  private onWorkerMessage(msg: FromWorker): void {
    switch (msg.type) {
      case 'trace':
        for (const e of msg.trace) this.note(e);
        this.watermarks.set(msg.id, msg.upTo);
        this.flushToWatermark();
        return;
      case 'reached':
        for (const e of msg.trace) this.note(e);
        this.watermarks.set(msg.id, msg.horizon);
        this.nextOf = msg.nextOf;
        this.window = msg.window;
        this.exactNext.set(msg.id, msg.exactNext);
        this.counters.set(msg.id, msg.counters);
        if (msg.report) this.reports.set(msg.id, msg.report);
        this.settle(msg.id);
        return;
      case 'crashed': {
        for (const e of msg.trace) this.note(e);
        this.durable[msg.id] = msg.durable;
        // What every worker now holds too: a worker spawned before any other reports must agree.
        this.nextOf[msg.id] = NEVER;
        const worker = this.workers.get(msg.id);
        this.workers.delete(msg.id);
        this.watermarks.delete(msg.id);
        this.exactNext.delete(msg.id);
        // Also a node whose worker never reported (a spare restarted and crashed in one instant).
        if (this.options.withViews) this.reports.set(msg.id, { id: msg.id, incarnation: msg.incarnation, up: false, view: null, inbound: [] });
        // A crash is real: the worker's thread ends, and whatever it held in memory with it.
        void worker?.terminate();
        this.settle(msg.id);
        return;
      }
      case 'snapshot': {
        const w = this.snapshotWaiter;
        if (!w) return;
        w.parts.set(msg.id, { host: msg.host, queue: msg.queue });
        w.pending.delete(msg.id);
        if (w.pending.size === 0) {
          this.snapshotWaiter = null;
          w.resolve();
        }
        return;
      }
      case 'failed':
        this.failure = new Error(`node worker ${nodeName(this.setup.layout, msg.id)} failed: ${msg.message}`);
        this.waiter?.reject(this.failure);
        return;
    }
  }

  /** A worker's trace event: merged, and a request for nodes remembered for its instant. */
  private note(e: TraceEvent): void {
    this.collector.push(e);
    if (this.scales) this.scaling.noteTrace(e);
  }

  private settle(id: NodeId): void {
    const w = this.waiter;
    if (!w) return;
    w.pending.delete(id);
    if (w.pending.size === 0) w.resolve();
    else this.flushToWatermark();
  }

  private flushToWatermark(): void {
    let low = NEVER;
    for (const key of this.watermarks.values()) low = minKey(low, key);
    if (low !== NEVER) this.collector.flush(low);
  }
}
