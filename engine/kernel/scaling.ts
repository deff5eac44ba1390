import type { NodeId } from './protocol';
import type { Micros } from './time';
import type { TraceEvent } from './trace';
import { FaultState } from './faults';
import { nodesOf, type TopologyLayout } from './topology';

/**
 * Nodes asking the environment to start or stop nodes (autoscaling, deploys; issue 10, seam 6).
 *
 * A node of a protocol that opts in (`Protocol.scales(config)` true) calls `ctx.requestNodes(request)`. The
 * request is data: the node records it in its own trace as a `scale` event, stamped with the
 * instant it takes effect, `effectAt = now + L` where L is the lookahead (`FaultState.minLatencyUs`)
 * at the request. Taking effect no sooner than one lookahead later is what lets the worker runner
 * learn of the request before any node can be affected by it, exactly as with a message.
 *
 * At `effectAt` the environment carries it out, after the timeline's own actions of that instant,
 * requests in canonical order of their `scale` events (requester, its incarnation, its trace seq).
 * Which nodes a request names is decided then, against the fault state of that instant:
 *   - `{ op: 'start', node }`: restarts the node if it is down (a new incarnation recovering its
 *     durable state, like a `restart` action); if it is up, nothing happens, traced as such.
 *   - `{ op: 'stop', node }`: stops it like a crash (not graceful: in-flight messages to it are
 *     lost, its durable state stays). A graceful drain is the protocol's business before it asks.
 *   - `{ op: 'start', kind, count }`: starts the `count` lowest-numbered down nodes of that kind;
 *     `{ op: 'stop', kind, count }`: stops the `count` highest-numbered up ones (the newest).
 * Every effect is one environment trace event `{ kind: 'action', node: -1, incarnation: 1 }`
 * (incarnation 1 keeps their seqs apart from the timeline's, which are incarnation 0 and sort
 * first at one instant), numbered by a per-run counter, whose `action` is
 * `{ kind: 'start' | 'stop', node, requestedBy }`, with `unchanged: true` when it changed nothing
 * (and no `node` when a kind had no slot left). Scaling effects are not timeline actions: a
 * replay re-derives them from the protocol's behaviour, so share links never store them.
 *
 * Runners: the in-process runner resolves and applies requests at their instant with `takeAt`
 * (runner/inprocess.ts); a request made inside a window cuts it there. The worker runner's
 * coordinator, for a protocol that scales, grants horizons at most one lookahead apart (and never
 * past the next timeline action, which may shorten it), so every request made before horizon H
 * is in its merged trace at H (`noteTrace`) and takes effect at or after H. It stops at
 * `nextAt()` like at a timeline restart, resolves the instant's requests with `resolveAt` against
 * the state the instant's timeline actions leave, and hands them to the workers (grant and
 * worker start `effects`) as that instant's last actions: instant-stages.ts stages them with the
 * timeline's, so a started node gets a fresh worker and a stopped one's worker ends as at a crash.
 * Both runners put the queue in their snapshots as `scaling`.
 */
export type ScaleRequest =
  | { readonly op: 'start' | 'stop'; readonly node: NodeId }
  | { readonly op: 'start' | 'stop'; readonly kind: string; readonly count: number };

/** Which request an effect carries out: its `scale` event's place in the canonical order. */
export interface RequestRef {
  node: NodeId;
  incarnation: number;
  seq: number;
}

/** A request waiting for its instant (part of every runner's snapshot). */
export interface PendingScale {
  effectAt: Micros;
  by: RequestRef;
  request: ScaleRequest;
}

/** An effect resolved by the worker runner's coordinator: what the workers apply, and its trace event. */
export interface ResolvedScale {
  at: Micros;
  /** Null when it changes nothing (only its event is recorded). */
  action: { kind: 'restart' | 'crash'; node: NodeId } | null;
  event: TraceEvent;
}

/** What the environment does for one request, decided at its instant. */
export interface ScaleEffect {
  /** The fault action it amounts to; null when it changes nothing. */
  apply: { kind: 'restart' | 'crash'; node: NodeId } | null;
  /** The environment's trace record of it (its `seq` is filled by `ScaleQueue.take`). */
  record: { op: 'start' | 'stop'; node?: NodeId; requestedBy: RequestRef; unchanged?: true };
}

/** Throws a RangeError naming what is wrong with a request (called in the requesting handler). */
export function checkScaleRequest(request: ScaleRequest, layout: TopologyLayout, nodeCount: number): void {
  if (request.op !== 'start' && request.op !== 'stop') throw new RangeError(`requestNodes: op must be "start" or "stop"`);
  if ('node' in request) {
    if (!Number.isInteger(request.node) || request.node < 0 || request.node >= nodeCount) {
      throw new RangeError(`requestNodes: unknown node ${String(request.node)}`);
    }
    return;
  }
  if (nodesOf(layout, request.kind).length === 0) throw new RangeError(`requestNodes: no node of kind "${request.kind}"`);
  if (!Number.isInteger(request.count) || request.count < 1) throw new RangeError(`requestNodes: count must be a whole number >= 1`);
}

function compareRefs(a: PendingScale, b: PendingScale): number {
  return a.effectAt - b.effectAt || a.by.node - b.by.node || a.by.incarnation - b.by.incarnation || a.by.seq - b.by.seq;
}

/**
 * The requests not yet carried out, in the order they will be, and the counter numbering their
 * effects. Both runners feed it the `scale` events of the trace and take an instant's requests
 * after the timeline's actions of that instant.
 */
export class ScaleQueue {
  private pending: PendingScale[] = [];
  /** How many effect events have been recorded: the next one's seq is this + 1. */
  private recorded = 0;

  /** Learns of a request from its `scale` trace event (any other event is ignored). */
  noteTrace(event: TraceEvent): void {
    if (event.kind !== 'scale') return;
    this.add({ effectAt: event.effectAt, by: { node: event.node, incarnation: event.incarnation, seq: event.seq }, request: event.request });
  }

  add(p: PendingScale): void {
    let i = this.pending.length;
    while (i > 0 && compareRefs(this.pending[i - 1]!, p) > 0) i--;
    this.pending.splice(i, 0, structuredClone(p));
  }

  /** The instant of the next request to carry out; MAX_SAFE_INTEGER when none waits. */
  nextAt(): Micros {
    return this.pending[0]?.effectAt ?? Number.MAX_SAFE_INTEGER;
  }

  /** False while no request was ever made: the snapshot then leaves the queue out. */
  get used(): boolean {
    return this.pending.length > 0 || this.recorded > 0;
  }

  /**
   * Carries out the requests due at `at`, in order, against `faults` (which `applyFault` must
   * update before the next request is resolved, so two starts of one kind pick different slots).
   * Returns the environment's trace events, in order.
   */
  takeAt(at: Micros, faults: FaultState, layout: TopologyLayout, applyFault: (action: { kind: 'restart' | 'crash'; node: NodeId }) => void): TraceEvent[] {
    const out: TraceEvent[] = [];
    while (this.pending.length > 0 && this.pending[0]!.effectAt === at) {
      const p = this.pending.shift()!;
      for (const effect of resolve(p, faults, layout)) {
        const event = { kind: 'action', at, node: -1, incarnation: 1, seq: ++this.recorded, action: { kind: effect.record.op, ...effect.record } } as TraceEvent;
        out.push(event);
        if (effect.apply) applyFault(effect.apply);
      }
    }
    return out;
  }

  /**
   * The worker runner's form of `takeAt`: resolves the requests due at `at` against `faults`
   * (the state once the timeline's actions of that instant are applied; not changed) into the
   * effects the workers will apply after those actions, with their trace events.
   */
  resolveAt(at: Micros, faults: FaultState, layout: TopologyLayout): ResolvedScale[] {
    const state = FaultState.fromSnapshot(faults.snapshot());
    const events = this.takeAt(at, state, layout, (fault) => state.apply(fault));
    return events.map((event) => {
      const a = (event as Extract<TraceEvent, { kind: 'action' }>).action as unknown as ScaleEffect['record'];
      const action = a.unchanged ? null : { kind: a.op === 'start' ? ('restart' as const) : ('crash' as const), node: a.node! };
      return { at, action, event };
    });
  }

  snapshot(): { pending: PendingScale[]; recorded: number } {
    return structuredClone({ pending: this.pending, recorded: this.recorded });
  }

  restore(s: { pending: PendingScale[]; recorded: number } | undefined): void {
    this.pending = s ? structuredClone(s.pending) : [];
    this.recorded = s?.recorded ?? 0;
  }
}

/**
 * What one request does, node by node, against the fault state of its instant. Effects are
 * resolved lazily (a generator) so each sees the state the previous one left.
 */
function* resolve(p: PendingScale, faults: FaultState, layout: TopologyLayout): Generator<ScaleEffect> {
  const { request, by } = p;
  const op = request.op;
  const fault = op === 'start' ? 'restart' : 'crash';
  const wanted = (id: NodeId) => (op === 'start' ? !faults.isUp(id) : faults.isUp(id));
  if ('node' in request) {
    yield wanted(request.node)
      ? { apply: { kind: fault, node: request.node }, record: { op, node: request.node, requestedBy: by } }
      : { apply: null, record: { op, node: request.node, requestedBy: by, unchanged: true } };
    return;
  }
  const ofKind = nodesOf(layout, request.kind);
  const order = op === 'start' ? ofKind : [...ofKind].reverse();
  let done = 0;
  for (const id of order) {
    if (done === request.count) return;
    if (!wanted(id)) continue;
    done++;
    yield { apply: { kind: fault, node: id }, record: { op, node: id, requestedBy: by } };
  }
  if (done === 0) yield { apply: null, record: { op, requestedBy: by, unchanged: true } };
}
