import type { Action, Actor, TimedAction } from '../kernel/actions';
import type { QueuedEvent, MessageEnvelope } from '../kernel/events';
import { FaultState, type FaultSnapshot } from '../kernel/faults';
import { EventHeap } from '../kernel/heap';
import { compareKeys, instantKey, isInstantKey, keyAfter, minKey, plainKey, type EventKey, NEVER } from '../kernel/key';
import { NodeHost, type HostSnapshot } from '../kernel/node-host';
import { ScaleQueue } from '../kernel/scaling';
import type { AnyProtocol, NodeId, Violation } from '../kernel/protocol';
import type { TraceSink } from '../kernel/trace';
import type { Micros } from '../kernel/time';
import type { Scenario } from '../scenario/schema';
import type { WorkloadSnapshot } from '../scenario/workload';
import { TraceCollector, type CollectorSnapshot } from './collector';
import { prepareRun, type RunSetup } from './setup';
import { actionEvent, Timeline, userOpId } from './timeline';
import { summarize, type RunSummary } from './summary';

export interface InProcessSnapshot {
  scenario: Scenario;
  pos: EventKey;
  applied: number;
  faults: FaultSnapshot;
  hosts: (HostSnapshot | null)[];
  durable: Record<string, unknown>[];
  queue: QueuedEvent[];
  workload: WorkloadSnapshot | null;
  collector: CollectorSnapshot;
  monitors: unknown[];
  /** Requests to start or stop nodes not yet carried out, and how many effects were recorded (kernel/scaling.ts); absent: none ever made. */
  scaling?: ReturnType<ScaleQueue['snapshot']>;
}

export interface RunnerOptions {
  /** Receives every trace event in canonical order (the UI keeps them; the CLI does not). */
  sink?: TraceSink;
  /** Safety and liveness monitors; on by default. */
  monitors?: boolean;
  /**
   * Runs this protocol object instead of the registry's entry of the scenario's protocol name
   * (same name required). For tests only: the mutation test runs planted-bug copies of Raft.
   */
  protocol?: AnyProtocol;
  /**
   * False for the benchmark's baseline only: trace events are counted, never ordered, hashed or
   * given to a sink (monitors are off too). The run's trace hash then means nothing.
   */
  traced?: boolean;
}

/**
 * The single-threaded runner: one event queue for every node, processed in canonical key order.
 * Because a message takes at least the minimum latency, handling events one at a time in key
 * order gives every node the same sequence of events the worker runner gives it.
 */
export class InProcessRunner {
  readonly scenario: Scenario;
  readonly faults: FaultState;
  private readonly setup: RunSetup;
  private readonly queue = new EventHeap<QueuedEvent>(compareKeys);
  private readonly hosts: (NodeHost | null)[];
  private readonly durable: Record<string, unknown>[];
  private readonly timeline: Timeline;
  /** Nodes' requests to start or stop nodes, waiting for their instant (kernel/scaling.ts). */
  private readonly scaling = new ScaleQueue();
  readonly collector: TraceCollector;
  /** Every event with a key before this has been processed. */
  private pos: EventKey = instantKey(0);

  constructor(scenario: Scenario, options: RunnerOptions = {}, from?: InProcessSnapshot) {
    this.scenario = structuredClone(scenario);
    const traced = options.traced ?? true;
    this.setup = prepareRun(this.scenario, traced && (options.monitors ?? true), options.protocol);
    this.faults = new FaultState(this.scenario.network, this.scenario.nodes, this.scenario.initiallyDown);
    this.timeline = new Timeline(this.scenario.timeline);
    this.collector = new TraceCollector(this.setup.monitors, traced ? options.sink : undefined, traced);
    this.durable = Array.from({ length: this.scenario.nodes }, () => ({}));
    this.hosts = Array.from({ length: this.scenario.nodes }, () => null);
    if (from) {
      this.restoreInto(structuredClone(from));
      return;
    }
    for (let id = 0; id < this.scenario.nodes; id++) {
      if (this.faults.isUp(id)) this.bootHost(id, 0);
    }
  }

  /** Virtual time: every event before it has happened. */
  get now(): Micros {
    return this.pos.at;
  }

  get violation(): Violation | null {
    return this.collector.violation;
  }

  get actions(): readonly TimedAction[] {
    return this.timeline.actions;
  }

  /** Runs every event before virtual time `until` (actions at `until` itself wait). */
  runUntil(until: Micros): this {
    return this.runTo(instantKey(until));
  }

  /** Processes exactly the next event (after applying any actions due before it). */
  step(): boolean {
    const next = this.nextEventKey();
    if (next === NEVER) return false;
    this.runTo(keyAfter(next));
    return true;
  }

  /** The key of the next event to happen, NEVER when nothing is left. */
  nextEventKey(): EventKey {
    const actionAt = this.nextActionAt();
    // Pulling operations early is safe while no action can change who is up before them.
    const workload = this.setup.workload;
    if (workload) {
      const queuedAt = this.queue.peek()?.at ?? Number.MAX_SAFE_INTEGER;
      const limit = Math.min(actionAt, queuedAt + 1, workload.nextAt() + 1);
      for (const op of workload.pull(limit, this.faults)) this.queue.push(op);
    }
    const queued = this.queue.peek();
    const next = minKey(queued ? plainKey(queued) : NEVER, instantKey(actionAt));
    return next.at >= Number.MAX_SAFE_INTEGER ? NEVER : next;
  }

  /** Stamps a user's action with the current virtual time and appends it to the timeline. */
  act(action: Action, by?: Actor): TimedAction {
    // An action applies at the start of an instant; if this instant has begun, at the next.
    const at = compareKeys(this.pos, instantKey(this.pos.at)) === 0 ? this.pos.at : this.pos.at + 1;
    const index = this.timeline.insert(at, action, by);
    return this.timeline.actions[index]!;
  }

  runTo(boundary: EventKey): this {
    while (this.collector.violation === null && compareKeys(this.pos, boundary) < 0) {
      // A window runs up to the next action: the fault state is constant inside it. A node's
      // request to start or stop nodes made inside the window cuts it at its instant.
      const end = this.processBefore(minKey(boundary, instantKey(this.nextActionAt())));
      this.pos = end;
      const actionAt = this.nextActionAt();
      if (compareKeys(end, instantKey(actionAt)) === 0 && compareKeys(end, boundary) < 0) {
        this.collector.flush(end);
        for (const { index, action, by } of this.timeline.takeAt(actionAt)) this.apply(actionAt, index, action, by);
        // Then the nodes' requests due now, in canonical order (kernel/scaling.ts).
        for (const event of this.scaling.takeAt(actionAt, this.faults, this.setup.layout, (fault) => this.applyFault(actionAt, fault))) {
          this.collector.push(event);
        }
      }
    }
    this.collector.flush(this.pos);
    return this;
  }

  summary(wallMs = 0): RunSummary {
    return summarize({
      scenario: this.scenario,
      runner: 'inprocess',
      collector: this.collector,
      monitors: this.setup.monitors,
      untilUs: this.pos.at,
      wallMs,
    });
  }

  /** What the UI draws per node: the protocol's view, timers, liveness. */
  views(): { id: NodeId; up: boolean; incarnation: number; view: ReturnType<NodeHost['view']> | null }[] {
    return this.hosts.map((host, id) => ({
      id,
      up: host !== null,
      incarnation: this.faults.incarnation[id] ?? 0,
      view: host ? host.view() : null,
    }));
  }

  /** Messages on the wire now (for the UI to animate and to click away). */
  inFlight(): MessageEnvelope[] {
    return this.queue.sorted().filter((e): e is MessageEnvelope => e.kind === 'msg');
  }

  snapshot(): InProcessSnapshot {
    // NodeHost.snapshot returns copies already (state, timers and durable writes are copied):
    // cloning them again cost a quarter of a checkpoint (issue 12). Only the events a paused
    // node holds are shallow copies, so they are cloned with the rest.
    const hosts = this.hosts.map((h) => {
      if (!h) return null;
      const s = h.snapshot();
      if (s.held) s.held = structuredClone(s.held);
      return s;
    });
    const rest = structuredClone({
      scenario: this.scenario,
      pos: this.pos,
      applied: this.timeline.applied,
      faults: this.faults.snapshot(),
      durable: this.durable.map((d, i) => (this.hosts[i] ? {} : d)),
      queue: this.queue.sorted(),
      workload: this.setup.workload?.snapshot() ?? null,
      collector: this.collector.snapshot(),
      monitors: this.setup.monitors.map((m) => m.snapshot()),
      ...(this.scaling.used ? { scaling: this.scaling.snapshot() } : {}),
    });
    // The fields in their old order.
    return {
      scenario: rest.scenario,
      pos: rest.pos,
      applied: rest.applied,
      faults: rest.faults,
      hosts,
      durable: rest.durable,
      queue: rest.queue,
      workload: rest.workload,
      collector: rest.collector,
      monitors: rest.monitors,
      ...(rest.scaling ? { scaling: rest.scaling } : {}),
    };
  }

  /** A runner that continues exactly where `snapshot` was taken (time travel, forks). */
  static restore(snapshot: InProcessSnapshot, options: RunnerOptions = {}): InProcessRunner {
    return new InProcessRunner(snapshot.scenario, options, snapshot);
  }

  private restoreInto(s: InProcessSnapshot): void {
    this.timeline.applied = s.applied;
    this.scaling.restore(s.scaling);
    this.faults.restore(s.faults);
    this.pos = s.pos;
    for (const e of s.queue) this.queue.push(e);
    s.hosts.forEach((h, id) => {
      if (h) {
        const host = this.makeHost(id);
        host.restore(h);
        this.hosts[id] = host;
      } else {
        this.hosts[id] = null;
      }
      this.durable[id] = s.durable[id] ?? {};
    });
    if (s.workload) this.setup.workload?.restore(s.workload);
    this.collector.restore(s.collector);
    this.setup.monitors.forEach((m, i) => m.restore(s.monitors[i]));
  }

  /**
   * Queues the client operations due before `end` that come no later than the next queued event
   * (or, with nothing queued, the first operation issued): operations are made as the run
   * reaches them, never a whole window ahead. Every operation at or before the head's instant is
   * queued before the head runs, so the order is the one pulling them all up front gave. While
   * nobody is up, operations are not issued (WorkloadStream.take skips them), so with nobody up
   * the first take moves past every operation before `end`, as the worker runner does; nobody
   * comes up inside a window (no action falls inside one).
   */
  private pullWorkload(end: EventKey): void {
    const workload = this.setup.workload;
    if (!workload) return;
    // Operations at the boundary's own instant sort first in it: pull them when the window
    // reaches into that instant (a single-event step does).
    const endLimit = isInstantKey(end) ? end.at : end.at + 1;
    const headAt = this.queue.peekAt();
    let limit = Math.min(endLimit, headAt + 1);
    // Nothing due before the limit: the common case, decided without asking the stream.
    if (workload.nextAt() >= limit) return;
    for (let op = workload.take(limit, this.faults); op; op = workload.take(limit, this.faults)) {
      this.queue.push(op);
      // Also the operations of the same instant as this one, and no later.
      limit = Math.min(limit, op.at + 1);
    }
  }

  /**
   * Processes the events before `end`, or before the instant of a request to start or stop
   * nodes made meanwhile when that comes first; returns where it stopped.
   */
  private processBefore(windowEnd: EventKey): EventKey {
    const queue = this.queue;
    let instant = this.pos.at;
    // The window's end, cut at the instant of a pending request to start or stop nodes; made
    // again only when a handler adds such a request (rare), so the loop allocates no keys.
    let scaleAt = this.scaling.nextAt();
    let end = minKey(windowEnd, instantKey(scaleAt));
    for (;;) {
      // A request takes effect at least one lookahead after the event that made it: the events
      // before its instant are unaffected, those at or after it wait for it.
      if (this.scaling.nextAt() !== scaleAt) {
        scaleAt = this.scaling.nextAt();
        end = minKey(windowEnd, instantKey(scaleAt));
      }
      this.pullWorkload(end);
      // The instant decides unless it is the end's own (then the whole key does).
      const next = queue.peek();
      if (!next) return end;
      const nextAt = queue.peekAt();
      if (nextAt > end.at || (nextAt === end.at && compareKeys(next, end) >= 0)) return end;
      queue.pop();
      if (next.at !== instant) {
        // Everything of the previous instant is recorded: let the collector fold it.
        this.collector.flushBefore(next.at);
        instant = next.at;
      }
      this.hosts[next.node]?.process(next);
      if (this.collector.violation) return windowEnd;
    }
  }

  /** The instant of the next timeline action or node's request, whichever comes first. */
  private nextActionAt(): Micros {
    return Math.min(this.timeline.nextAt(), this.scaling.nextAt());
  }

  private apply(at: Micros, index: number, action: Action, by?: Actor): void {
    this.collector.push(actionEvent(at, index, action, by));
    if (!this.faults.changesSomething(action)) return;
    switch (action.kind) {
      case 'crash':
      case 'restart':
        this.applyFault(at, action);
        return;
      case 'command':
        this.faults.apply(action);
        this.hosts[action.node]!.command(at, action.command, userOpId(index));
        return;
      case 'pause':
        this.faults.apply(action);
        this.hosts[action.node]!.pause(at);
        return;
      case 'resume':
        this.faults.apply(action);
        this.hosts[action.node]!.resume(at);
        return;
      default:
        this.faults.apply(action);
        return;
    }
  }

  /** A node goes down or comes up: a timeline action, or a node's request carried out. */
  private applyFault(at: Micros, action: { kind: 'crash' | 'restart'; node: NodeId }): void {
    this.faults.apply(action);
    switch (action.kind) {
      case 'crash': {
        const host = this.hosts[action.node]!;
        const inFlight = this.queue.extract((e) => e.node === action.node);
        const lost = inFlight.filter((e): e is MessageEnvelope => e.kind === 'msg');
        this.durable[action.node] = host.crash(at, lost);
        this.hosts[action.node] = null;
        return;
      }
      case 'restart':
        this.bootHost(action.node, at);
        return;
    }
  }

  private bootHost(id: NodeId, at: Micros): void {
    const host = this.makeHost(id);
    this.hosts[id] = host;
    host.start(at, this.faults.incarnation[id] ?? 0, this.durable[id] ?? {});
  }

  private makeHost(id: NodeId): NodeHost {
    const collector = this.collector;
    const scaling = this.scaling;
    // Only a protocol that scales can record a request (NodeHost.requestNodes refuses the rest):
    // the others' events go straight to the collector.
    const scales = this.setup.protocol.scales?.(this.setup.config) === true;
    return new NodeHost({
      protocol: this.setup.protocol,
      config: this.setup.config,
      seed: this.scenario.seed,
      id,
      layout: this.setup.layout,
      faults: this.faults,
      out: {
        schedule: (e) => this.queue.push(e),
        trace: scales
          ? (e) => {
              collector.push(e);
              scaling.noteTrace(e);
            }
          : (e) => collector.push(e),
      },
    });
  }
}
