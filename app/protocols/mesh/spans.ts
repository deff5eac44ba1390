import type { MessageId, TraceEvent } from '../../../engine/kernel/trace';

/**
 * Distributed tracing for the mesh (issue 15: "every request carries a trace id through each
 * hop"): the page's trace folded into one tree per client request. The engine stamps every
 * `Call` with `trace` (the request's id at its client, "C1-42") and every `Reply` with the
 * `callId` it answers (engine/protocols/mesh/types.ts), so each call attempt is a span from its
 * `Call`'s send to its `Reply`'s arrival at the caller, or to the caller's timeout. A callee's
 * own calls downstream, made while it served an attempt, nest under that attempt; the retries
 * of a hop are its attempts side by side.
 *
 * Some of it is inferred, because the trace does not say it outright:
 * - A `timeout` timer names no call. With deadline propagation every `Call` carries `deadlineUs`,
 *   and its caller's timeout timer fires at exactly that instant (engine/protocols/mesh/sidecar.ts),
 *   so the attempt whose deadline is now is the one that timed out: exact. Without it, the
 *   caller's oldest attempt still waiting is the one (every attempt of a route has the same
 *   timeout, so they time out in the order they were sent); a `timeoutUsOf` hint, when given,
 *   prefers the attempt sent exactly that long ago.
 * - With deadlines, a callee drops a call unstarted once its deadline has passed (a
 *   `deadline-expired` observation naming the caller and its callId): that attempt's outcome is
 *   `expired` (its caller timed out at the deadline; the callee never worked on it), whichever of
 *   the two the trace shows first.
 * - A call a policy rejects locally (breaker, bulkhead, rate limiter, throttle) sends nothing:
 *   the sidecar records a `rejected.<reason>` metric and fails the request in the same handler,
 *   which then answers its own caller with a `Reply` (an instance) or records the client's
 *   `clientFailedMs` (a client): that tells whose request it was.
 * - A callee's downstream request belongs to the latest call it is serving with that trace id.
 *
 * Folding is incremental (`fold` one event at a time, O(1) amortised per event), so the page
 * folds only what each status added; memory stays bounded: the `keep` newest requests, older
 * ones forgotten with everything that points at them. Pure: no store, no clock.
 */
export type AttemptOutcome = 'pending' | 'ok' | 'error' | 'overloaded' | 'refused' | 'timeout' | 'expired' | 'rejected' | 'lost' | 'other';

export interface SpanAttempt {
  /** Unique in the index (a React key). */
  id: string;
  trace: string;
  caller: number;
  /** The instance called; null when a policy rejected the attempt before it left. */
  callee: number | null;
  route: string;
  attempt: number;
  probe: boolean;
  startUs: number;
  /** When the caller learned the outcome; null while it waits. */
  endUs: number | null;
  outcome: AttemptOutcome;
  /** A rejection's reason ("breaker", "bulkhead", "rate", ...), an unknown reply status, or why it was lost. */
  detail: string | null;
  /** The Call or its Reply was dropped on the way (the reason); its outcome then came from the timeout. */
  dropped: string | null;
  /** The instant its caller stops waiting (deadline propagation), else null. */
  deadlineUs: number | null;
  /** The callee dropped it unstarted, its deadline passed: when, and how long it had waited in the callee's queue. */
  expired: { atUs: number; waitedMs: number } | null;
  /** The callee's own request downstream, made while it served this attempt. */
  child: SpanHop | null;
}

/** One caller's request on its route for one trace: its attempts, in the order they were made. */
export interface SpanHop {
  trace: string;
  caller: number;
  route: string;
  startUs: number;
  endUs: number | null;
  outcome: 'pending' | 'ok' | 'failed';
  attempts: SpanAttempt[];
  /**
   * What stopped the retries early, if anything: "budget" (the retry budget), "deadline" (the
   * request's deadline passed: a retry rejected for it, or a callee's hop that failed at or after
   * the deadline of the call it served, which is its own).
   */
  gaveUp: string | null;
}

export interface RequestTrace {
  id: string;
  client: number;
  root: SpanHop;
  /** Order of first sight: newer requests have larger numbers. */
  order: number;
}

export interface SpanIndexOptions {
  /** Requests kept (the newest); default 200. */
  keep?: number;
  /** The route timeout of a caller, in µs, when known (the timeout's attribution prefers it). */
  timeoutUsOf?: (caller: number) => number | null;
}

/** The next route down the chain (engine/protocols/mesh/config.ts): the route a callee's own request takes. */
const NEXT_ROUTE: Record<string, string> = { 'client>frontend': 'frontend>checkout', 'frontend>checkout': 'checkout>payments' };
const KNOWN_STATUS: readonly AttemptOutcome[] = ['ok', 'error', 'overloaded', 'refused'];
const CLIENT_DONE = /^(client|stranger)(Ok|Failed)Ms$/;
const ISSUED = /^(.*)-(\d+)$/;

const keyOf = (id: MessageId) => `${id.from}.${id.fromIncarnation}.${id.fromSeq}`;

/** What one handler (one delivery or timer at a node) has touched so far. */
interface Handler {
  at: number;
  node: number;
  timer: string | null;
  hop: SpanHop | null;
  rejects: string[];
}

/** What the index remembers of a request, to forget it whole. */
interface Held {
  trace: RequestTrace;
  attempts: SpanAttempt[];
  messages: string[];
}

type InFlight = { kind: 'call'; attempt: SpanAttempt } | { kind: 'reply'; attempt: SpanAttempt; status: string };

export class MeshSpanIndex {
  private readonly keep: number;
  private readonly timeoutUsOf: ((caller: number) => number | null) | null;
  private readonly held = new Map<string, Held>();
  private readonly hopOf = new WeakMap<SpanAttempt, SpanHop>();
  private readonly parentOf = new WeakMap<SpanHop, SpanAttempt>();
  private readonly callIdOf = new WeakMap<SpanAttempt, number>();
  /** caller → callId → attempt (the caller's current incarnation). */
  private readonly calls = new Map<number, Map<number, SpanAttempt>>();
  /** caller → attempts waiting for an outcome, oldest first. */
  private readonly pending = new Map<number, SpanAttempt[]>();
  /** callee → calls it is serving (delivered, not yet answered), oldest first. */
  private readonly jobs = new Map<number, SpanAttempt[]>();
  /** caller → hops not yet ended. */
  private readonly open = new Map<number, SpanHop[]>();
  private readonly inFlight = new Map<string, InFlight>();
  /** client → [its trace ids' prefix, the last number it issued] (for a request rejected before its first call). */
  private readonly issued = new Map<number, [string, number]>();
  private handler: Handler | null = null;
  private order = 0;
  private rejections = 0;
  /** Bumped on every fold that changed something the view shows. */
  version = 0;

  constructor(options: SpanIndexOptions = {}) {
    this.keep = Math.max(1, options.keep ?? 200);
    this.timeoutUsOf = options.timeoutUsOf ?? null;
  }

  /** The requests held, newest first. */
  recent(): RequestTrace[] {
    const out: RequestTrace[] = [];
    for (const h of this.held.values()) out.push(h.trace);
    return out.reverse();
  }

  get(id: string): RequestTrace | undefined {
    return this.held.get(id)?.trace;
  }

  /** Rejections the index could not tie to a request (a leaky bucket's, before the first call). */
  get unattributed(): number {
    return this.rejections;
  }

  fold(e: TraceEvent): void {
    if (e.node < 0) return;
    const h = this.handlerFor(e);
    switch (e.kind) {
      case 'send': {
        const msg = e.msg as Record<string, unknown>;
        if (msg.mirror === true) return; // a mirror's copy: fire and forget, not the request's
        if (msg.type === 'Call' && typeof msg.trace === 'string' && typeof msg.callId === 'number') this.callSent(e, msg, h);
        else if (msg.type === 'Reply' && typeof msg.callId === 'number') this.replySent(e, msg.callId, typeof msg.status === 'string' ? msg.status : '?', h);
        return;
      }
      case 'deliver': {
        const key = keyOf(e.id);
        const f = this.inFlight.get(key);
        if (!f) return;
        this.inFlight.delete(key);
        if (f.kind === 'call') {
          // The callee serves it (even when its caller gave up already: its calls downstream still carry the trace).
          list(this.jobs, e.node).push(f.attempt);
          return;
        }
        const outcome = (KNOWN_STATUS as readonly string[]).includes(f.status) ? (f.status as AttemptOutcome) : 'other';
        this.settle(f.attempt, outcome, e.at, outcome === 'other' ? f.status : null, h);
        return;
      }
      case 'drop': {
        const key = keyOf(e.id);
        const f = this.inFlight.get(key);
        if (!f) return;
        this.inFlight.delete(key);
        f.attempt.dropped = e.reason;
        this.version++;
        return;
      }
      case 'timer': {
        if (e.name !== 'timeout') return;
        const waiting = this.pending.get(e.node);
        if (!waiting || waiting.length === 0) return;
        // Exact with deadlines (the timer fires at the call's deadline); else the inference above.
        const due = waiting.find((x) => x.deadlineUs === e.at);
        const hint = due ? null : (this.timeoutUsOf?.(e.node) ?? null);
        const a = due ?? (hint !== null ? waiting.find((x) => x.deadlineUs === null && x.startUs + hint === e.at) : undefined) ?? waiting.find((x) => x.deadlineUs === null) ?? waiting[0]!;
        this.settle(a, a.expired ? 'expired' : 'timeout', e.at, null, h);
        return;
      }
      case 'metric': {
        if (e.name.startsWith('rejected.')) {
          const reason = e.name.slice('rejected.'.length);
          if (reason === 'budget' && h?.hop) {
            h.hop.gaveUp = 'budget';
            this.version++;
          } else if (h) h.rejects.push(reason);
          return;
        }
        const done = CLIENT_DONE.exec(e.name);
        if (done) this.clientDone(e.node, e.at, done[2] === 'Ok', e.value, h);
        return;
      }
      case 'observe':
        if (e.what === 'deadline-expired') this.expiredAt(e.node, e.at, e.data ?? {});
        return;
      case 'crash':
        this.crashed(e.node, e.at);
        return;
      default:
        return;
    }
  }

  /** Events of one handler share (at, node) and follow its delivery or timer event. */
  private handlerFor(e: TraceEvent): Handler | null {
    const starts = e.kind === 'deliver' || e.kind === 'timer' || e.kind === 'invoke' || e.kind === 'start' || e.kind === 'resume' || e.kind === 'crash';
    const h = this.handler;
    if (starts || !h || h.at !== e.at || h.node !== e.node) {
      this.handler = { at: e.at, node: e.node, timer: e.kind === 'timer' ? e.name : null, hop: null, rejects: [] };
    }
    return this.handler;
  }

  private callSent(e: Extract<TraceEvent, { kind: 'send' }>, msg: Record<string, unknown>, h: Handler | null): void {
    const trace = msg.trace as string;
    const route = typeof msg.route === 'string' ? msg.route : '?';
    const n = typeof msg.attempt === 'number' ? msg.attempt : 1;
    const caller = e.node;
    const atClient = route.startsWith('client>');
    if (atClient) this.noteIssued(caller, trace);
    // A retry continues the open hop whose last attempt it follows (two calls with one trace id
    // can be served at once by one instance, when its caller retried to it).
    let hop = n > 1 ? this.retried(caller, trace, n) : this.openHop(caller, trace);
    if (!hop || (n === 1 && hop.attempts.length > 0 && !atClient)) {
      // A new hop: the client's own request, or a callee's request for the call it serves.
      if (atClient) {
        if (this.held.has(trace)) return; // seen already (not a first attempt): ignore a stray
        hop = this.newRequest(trace, caller, route, e.at).root;
      } else {
        // Jobs start in the order they queued: the oldest call served with this trace id and no
        // request of its own yet (a guess when two are served at once; the answer settles it).
        const job = this.jobs.get(caller)?.find((j) => j.trace === trace && j.child === null);
        if (!job) return; // its caller's call is older than the page's trace
        hop = this.newHop(trace, caller, route, e.at);
        this.adopt(job, hop);
      }
    }
    const held = this.held.get(trace);
    if (!held) return;
    const a: SpanAttempt = {
      id: `${caller}.${e.incarnation}.${msg.callId as number}`,
      trace,
      caller,
      callee: e.to,
      route,
      attempt: n,
      probe: msg.probe === true,
      startUs: e.at,
      endUs: null,
      outcome: 'pending',
      detail: null,
      dropped: null,
      deadlineUs: typeof msg.deadlineUs === 'number' ? msg.deadlineUs : null,
      expired: null,
      child: null,
    };
    hop.attempts.push(a);
    this.hopOf.set(a, hop);
    held.attempts.push(a);
    list(this.pending, caller).push(a);
    let calls = this.calls.get(caller);
    if (!calls) this.calls.set(caller, (calls = new Map()));
    calls.set(msg.callId as number, a);
    this.callIdOf.set(a, msg.callId as number);
    const key = keyOf(e.id);
    this.inFlight.set(key, { kind: 'call', attempt: a });
    held.messages.push(key);
    if (h) h.hop = hop;
    this.version++;
  }

  private replySent(e: Extract<TraceEvent, { kind: 'send' }>, callId: number, status: string, h: Handler | null): void {
    const a = this.calls.get(e.to)?.get(callId);
    if (!a) return;
    const held = this.held.get(a.trace);
    if (!held) return;
    const key = keyOf(e.id);
    this.inFlight.set(key, { kind: 'reply', attempt: a, status });
    held.messages.push(key);
    remove(this.jobs.get(e.node), a);
    // The callee's answer ends its own request for this call: the one whose outcome this handler
    // settled. When two calls with this trace id were served at once, the guess made at the
    // request's first attempt may have been the other one: the answer tells, so swap them.
    const finished = h?.hop && h.hop.trace === a.trace && h.hop.caller === e.node ? h.hop : null;
    if (finished && a.child !== finished) {
      const other = this.parentOf.get(finished);
      const mine = a.child;
      this.adopt(a, finished);
      if (other && other !== a) {
        other.child = null;
        if (mine) this.adopt(other, mine);
      }
    }
    // A local rejection in this handler was that request's last attempt.
    if (h && h.rejects.length > 0) {
      if (!a.child) this.adopt(a, this.newHop(a.trace, e.node, NEXT_ROUTE[a.route] ?? '?', e.at));
      this.addRejections(a.child!, h, e.at);
    }
    if (a.child && a.child.endUs === null) this.endHop(a.child, status === 'ok', e.at);
    this.version++;
  }

  private clientDone(client: number, at: number, ok: boolean, tookMs: number, h: Handler | null): void {
    let hop: SpanHop | null = h?.hop && h.hop.caller === client && h.hop.endUs === null ? h.hop : null;
    if (!hop && h && h.rejects.length > 0) {
      if (tookMs === 0 && h.timer === 'arrival') {
        // Rejected before its first call: the client's next trace id.
        const last = this.issued.get(client);
        if (last) {
          last[1]++;
          hop = this.newRequest(`${last[0]}-${last[1]}`, client, 'client>frontend', at).root;
        }
      } else {
        const startUs = at - Math.round(tookMs * 1000);
        hop = latest(this.open.get(client), (x) => Math.abs(x.startUs - startUs) <= 1) ?? null;
      }
      if (!hop) this.rejections += h.rejects.length;
    }
    if (!hop) return;
    if (h) this.addRejections(hop, h, at);
    if (hop.endUs === null) this.endHop(hop, ok, at);
    this.version++;
  }

  private addRejections(hop: SpanHop, h: Handler, at: number): void {
    const held = this.held.get(hop.trace);
    for (const reason of h.rejects) {
      if (reason === 'deadline' && hop.gaveUp === null) hop.gaveUp = 'deadline';
      const a: SpanAttempt = {
        id: `${hop.caller}.rejected.${++this.order}`,
        trace: hop.trace,
        caller: hop.caller,
        callee: null,
        route: hop.route,
        attempt: (hop.attempts[hop.attempts.length - 1]?.attempt ?? 0) + 1,
        probe: false,
        startUs: at,
        endUs: at,
        outcome: 'rejected',
        detail: reason,
        dropped: null,
        deadlineUs: null,
        expired: null,
        child: null,
      };
      hop.attempts.push(a);
      this.hopOf.set(a, hop);
      held?.attempts.push(a);
    }
    h.rejects = [];
  }

  private settle(a: SpanAttempt, outcome: AttemptOutcome, at: number, detail: string | null, h: Handler | null): void {
    if (a.outcome !== 'pending') return; // a late reply: the attempt timed out already
    a.outcome = outcome;
    a.endUs = at;
    a.detail = detail;
    remove(this.pending.get(a.caller), a);
    const hop = this.hopOf.get(a);
    if (hop) {
      if (h) h.hop = hop;
      if (outcome === 'ok' && hop.endUs === null) this.endHop(hop, true, at);
    }
    this.version++;
  }

  /** `callee` dropped a call unstarted, its deadline passed (mesh.ts `drop`): no work, no reply. */
  private expiredAt(callee: number, at: number, data: Record<string, unknown>): void {
    if (typeof data.from !== 'number' || typeof data.callId !== 'number') return;
    const a = this.calls.get(data.from)?.get(data.callId);
    if (!a || a.callee !== callee || a.expired) return;
    a.expired = { atUs: at, waitedMs: typeof data.waitedMs === 'number' ? data.waitedMs : 0 };
    remove(this.jobs.get(callee), a); // never worked on: no request of its own will come from it
    if (a.outcome === 'timeout') a.outcome = 'expired'; // its caller timed out first (at the same deadline)
    this.version++;
  }

  private crashed(node: number, at: number): void {
    for (const a of this.pending.get(node) ?? []) {
      a.outcome = 'lost';
      a.endUs = at;
      a.detail = 'caller crashed';
    }
    this.pending.delete(node);
    for (const hop of [...(this.open.get(node) ?? [])]) this.endHop(hop, false, at);
    this.jobs.delete(node);
    this.calls.delete(node);
    this.handler = null;
    this.version++;
  }

  private noteIssued(client: number, trace: string): void {
    const m = ISSUED.exec(trace);
    if (!m) return;
    const n = Number(m[2]);
    const last = this.issued.get(client);
    if (!last || n > last[1]) this.issued.set(client, [m[1]!, n]);
  }

  /**
   * The open hop an attempt `n` > 1 continues: one whose last attempt was n - 1 and has ended
   * (a retry follows its predecessor's outcome); of two such (rare), the one that ended first.
   */
  private retried(caller: number, trace: string, n: number): SpanHop | undefined {
    let best: SpanHop | undefined;
    let bestEnd = Infinity;
    for (const hop of this.open.get(caller) ?? []) {
      const last = hop.attempts[hop.attempts.length - 1];
      if (hop.trace !== trace || !last || last.attempt !== n - 1 || last.endUs === null) continue;
      if (last.endUs < bestEnd) {
        best = hop;
        bestEnd = last.endUs;
      }
    }
    return best ?? this.openHop(caller, trace);
  }

  /** `hop` is the request `a`'s callee made while serving it. */
  private adopt(a: SpanAttempt, hop: SpanHop): void {
    a.child = hop;
    this.parentOf.set(hop, a);
  }

  private openHop(caller: number, trace: string): SpanHop | undefined {
    return latest(this.open.get(caller), (x) => x.trace === trace);
  }

  private newHop(trace: string, caller: number, route: string, at: number): SpanHop {
    const hop: SpanHop = { trace, caller, route, startUs: at, endUs: null, outcome: 'pending', attempts: [], gaveUp: null };
    list(this.open, caller).push(hop);
    return hop;
  }

  private newRequest(id: string, client: number, route: string, at: number): RequestTrace {
    const trace: RequestTrace = { id, client, root: this.newHop(id, client, route, at), order: ++this.order };
    this.held.set(id, { trace, attempts: [], messages: [] });
    while (this.held.size > this.keep) this.forget(this.held.keys().next().value as string);
    return trace;
  }

  private endHop(hop: SpanHop, ok: boolean, at: number): void {
    hop.endUs = at;
    hop.outcome = ok ? 'ok' : 'failed';
    const deadline = this.parentOf.get(hop)?.deadlineUs ?? null;
    if (!ok && hop.gaveUp === null && deadline !== null && at >= deadline) hop.gaveUp = 'deadline';
    remove(this.open.get(hop.caller), hop);
  }

  /** Forgets a request and everything that points at it (bounded memory). */
  private forget(id: string): void {
    const held = this.held.get(id);
    if (!held) return;
    this.held.delete(id);
    for (const key of held.messages) this.inFlight.delete(key);
    for (const a of held.attempts) {
      const calls = this.calls.get(a.caller);
      const callId = this.callIdOf.get(a);
      if (calls && callId !== undefined && calls.get(callId) === a) calls.delete(callId);
      remove(this.pending.get(a.caller), a);
      if (a.callee !== null) remove(this.jobs.get(a.callee), a);
      const hop = this.hopOf.get(a);
      if (hop) remove(this.open.get(hop.caller), hop);
    }
    remove(this.open.get(held.trace.client), held.trace.root);
  }
}

function list<K, V>(map: Map<K, V[]>, key: K): V[] {
  let xs = map.get(key);
  if (!xs) map.set(key, (xs = []));
  return xs;
}

function remove<T>(xs: T[] | undefined, x: T): void {
  if (!xs) return;
  const i = xs.indexOf(x);
  if (i >= 0) xs.splice(i, 1);
}

function latest<T>(xs: readonly T[] | undefined, pred: (x: T) => boolean): T | undefined {
  if (!xs) return undefined;
  for (let i = xs.length - 1; i >= 0; i--) if (pred(xs[i]!)) return xs[i];
  return undefined;
}

/** The index of a trace up to `untilUs` (time travel: what the page knew at that moment). */
export function spansAt(trace: readonly TraceEvent[], untilUs: number, options?: SpanIndexOptions): MeshSpanIndex {
  const index = new MeshSpanIndex(options);
  for (const e of trace) {
    if (e.at > untilUs) break;
    index.fold(e);
  }
  return index;
}
