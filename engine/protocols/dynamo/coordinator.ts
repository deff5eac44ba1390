import type { NodeContext } from '../../kernel/protocol';
import { counterOf, stamp, truncate } from './clock';
import type { Flaws } from './flaws';
import { storeHint, storeReplica, versionsOf } from './replica';
import type { DynamoMessage, DynamoResult, DynamoState, Operation, Phase, Resolve, Target } from './types';
import { contextOf, covers, EMPTY_CONTEXT, reconcile, type CausalContext, type Version } from './versions';
import { preferenceList } from './ring';

/**
 * The coordinator of a client operation (§4.5): whichever node the client reached. It sends one
 * request per replica as a message and counts the acknowledgements that are delivered to it,
 * until R (get) or W (put) of them arrived, or the operation times out. A replica that does not
 * answer in time is suspected, and under a sloppy quorum (§4.6) the next node of the preference
 * list stands in for it. The coordinator never reads another node's state; its own replica (when
 * it is one) it reads and writes directly, as Dynamo's coordinator writes the new version locally.
 */
type Ctx = NodeContext<DynamoMessage>;

export interface Env {
  state: DynamoState;
  ctx: Ctx;
  flaws: Flaws;
}

const opKey = (opId: number) => String(opId);

export function startOperation(
  env: Env,
  opId: number,
  kind: Operation['kind'],
  key: string,
  value: string | null,
  context: CausalContext | null,
  resolve: Resolve = 'mine',
  quorum: { r: number; w: number } = env.state.config,
): void {
  const { state, ctx } = env;
  const config = state.config;
  state.stats.coordinated++;
  const op: Operation = {
    opId,
    kind,
    key,
    value,
    resolve,
    r: quorum.r,
    w: quorum.w,
    context,
    phase: kind === 'put' ? 'write' : 'read',
    lingering: false,
    startedAtUs: ctx.now(),
    prefs: preferenceList(state.ring, key),
    next: config.n,
    targets: [],
    acks: 0,
    need: 0,
    sloppy: false,
    version: null,
    result: null,
    deadline: ctx.setTimer(config.operationTimeoutUs, 'operation', { op: opId }),
  };
  state.ops[opKey(opId)] = op;
  if (op.phase === 'write') beginWrite(env, op);
  else beginPhase(env, op, 'read');
}

/** Sends the phase's requests to the key's first N nodes, a stand-in for each one suspected (sloppy). */
function beginPhase(env: Env, op: Operation, phase: Phase): void {
  const config = env.state.config;
  op.phase = phase;
  op.targets = [];
  op.acks = 0;
  op.sloppy = false;
  op.need = phase === 'read' ? (env.flaws.readOneShort ? Math.max(1, op.r - 1) : op.r) : op.w;
  op.next = config.n;
  for (const home of op.prefs.slice(0, config.n)) {
    if (config.sloppy && env.state.suspected[home]) {
      const standIn = nextStandIn(env, op);
      if (standIn !== null) {
        request(env, op, standIn, home);
        continue;
      }
    }
    request(env, op, home, null);
  }
}

/** The next node of the preference list after the first N that is neither asked already nor suspected. */
function nextStandIn(env: Env, op: Operation): number | null {
  while (op.next < op.prefs.length) {
    const node = op.prefs[op.next++]!;
    if (op.targets.some((t) => t.node === node)) continue;
    if (env.state.suspected[node]) continue;
    return node;
  }
  return null;
}

/** One replica request: to itself it is done at once; to a peer it is a message with a timeout. */
function request(env: Env, op: Operation, node: number, hintFor: number | null): void {
  const { state, ctx } = env;
  const target: Target = { node, hintFor, state: 'waiting', timer: null, versions: null, repaired: false };
  op.targets.push(target);
  if (hintFor !== null) {
    state.stats.sloppyRequests++;
    ctx.observe('sloppy', { op: op.opId, key: op.key, intended: hintFor, standIn: node, phase: op.phase });
  }
  if (node === ctx.self) {
    if (op.phase === 'read') answered(env, op, target, versionsOf(state, op.key));
    else {
      storeLocally(env, op.key, op.version!, hintFor);
      answered(env, op, target, null);
    }
    return;
  }
  if (op.phase === 'read') ctx.send(node, { type: 'Get', key: op.key, op: op.opId, phase: 'read' });
  else ctx.send(node, { type: 'Put', key: op.key, op: op.opId, phase: 'write', version: op.version!, hintFor });
  target.timer = ctx.setTimer(state.config.replicaTimeoutUs, 'replica', { op: op.opId, phase: op.phase, node });
  if (env.flaws.countSent) answered(env, op, target, op.phase === 'read' ? [] : null);
}

export function storeLocally(env: Env, key: string, version: Version, hintFor: number | null): void {
  if (hintFor === null || hintFor === env.ctx.self) storeReplica(env.state, env.ctx, key, [version], 'put', env.flaws);
  else storeHint(env.state, env.ctx, key, hintFor, version, env.flaws);
}

/** A GetAck or PutAck was delivered (or the local replica answered). */
export function onAck(env: Env, from: number, opId: number, phase: Phase, versions: Version[] | null): void {
  const op = env.state.ops[opKey(opId)];
  if (!op || op.phase !== phase) return;
  const target = op.targets.find((t) => t.node === from);
  if (!target || target.state === 'answered') {
    // A planted countSent flaw already counted it; keep the late answer for read repair.
    if (target && versions && op.lingering) target.versions = versions;
    return;
  }
  if (target.timer !== null) env.ctx.cancelTimer(target.timer);
  target.timer = null;
  answered(env, op, target, versions);
}

function answered(env: Env, op: Operation, target: Target, versions: Version[] | null): void {
  target.state = 'answered';
  target.versions = versions;
  if (op.lingering) {
    if (op.phase === 'read') readRepair(env, op);
    if (op.targets.every((t) => t.state !== 'waiting')) finish(env, op);
    return;
  }
  op.acks++;
  if (target.hintFor !== null || !op.prefs.slice(0, env.state.config.n).includes(target.node)) op.sloppy = true;
  if (op.acks < op.need) return;
  env.ctx.observe('quorum', { op: op.opId, key: op.key, phase: op.phase, acks: op.acks, need: op.need, sloppy: op.sloppy });
  if (op.phase === 'read') quorumRead(env, op);
  else {
    const v = op.version!;
    reply(env, op, { ok: true, kind: 'put', key: op.key, dot: v.dot, clock: v.clock, acks: op.acks, sloppy: op.sloppy });
    // The write still goes to N nodes (§4.6): a replica that times out now gets a stand-in.
    op.lingering = true;
    if (op.targets.every((t) => t.state !== 'waiting')) finish(env, op);
  }
}

function quorumRead(env: Env, op: Operation): void {
  const result = reconcile(op.targets.flatMap((t) => t.versions ?? []));
  op.result = result;
  const context = contextOf(result);
  if (op.kind === 'update') {
    op.context = context;
    beginWrite(env, op);
    return;
  }
  if (result.length > 1) env.ctx.observe('siblings', { op: op.opId, key: op.key, dots: result.map((v) => v.dot) });
  reply(env, op, { ok: true, kind: 'get', key: op.key, versions: result, context, acks: op.acks, sloppy: op.sloppy });
  // §5: the coordinator waits a little for the remaining answers and repairs stale replicas.
  op.lingering = true;
  readRepair(env, op);
  if (!env.state.config.readRepair || op.targets.every((t) => t.state !== 'waiting')) finish(env, op);
}

/** Sends the reconciled versions to each home replica whose answer lacked some of them. */
function readRepair(env: Env, op: Operation): void {
  if (!env.state.config.readRepair) return;
  const latest = reconcile([...(op.result ?? []), ...op.targets.flatMap((t) => t.versions ?? [])]);
  op.result = latest;
  const homes = op.prefs.slice(0, env.state.config.n);
  for (const t of op.targets) {
    if (t.state !== 'answered' || !t.versions || t.repaired || !homes.includes(t.node)) continue;
    if (covers(t.versions, latest)) continue;
    t.repaired = true;
    env.state.stats.repairs++;
    env.ctx.observe('repair', { op: op.opId, key: op.key, node: t.node, dots: latest.map((v) => v.dot) });
    if (t.node === env.ctx.self) storeReplica(env.state, env.ctx, op.key, latest, 'repair', env.flaws);
    else env.ctx.send(t.node, { type: 'Repair', key: op.key, versions: latest });
  }
}

/**
 * The write phase: stamps the new version (§4.4) and sends it to the key's replicas. Its clock
 * is the context's, with this node's counter for the key moved on: the new version supersedes
 * exactly what the client saw.
 */
function beginWrite(env: Env, op: Operation): void {
  const { state, ctx } = env;
  const context = op.context ?? EMPTY_CONTEXT;
  const { actor, counter } = stampFor(env, op.key, context);
  const stamped = stamp(context.clock, actor, counter, ctx.now());
  const { clock, dropped } = truncate(stamped, state.config.clockLimit);
  if (dropped.length > 0) {
    state.stats.truncations++;
    ctx.observe('truncate', { key: op.key, dropped });
  }
  op.version = { value: resolvedValue(op), clock, dot: `${actor}:${counter}` };
  ctx.observe('stamp', { op: op.opId, key: op.key, dot: op.version.dot, clock, seen: context.seen });
  beginPhase(env, op, 'write');
}

/** The value an update writes, from the siblings it read and its own value (see Resolve). */
export function resolvedValue(op: Pick<Operation, 'value' | 'resolve' | 'result'>): string {
  const own = op.value ?? '';
  const read = op.result ?? [];
  if (op.resolve === 'lww' && read.length > 0) {
    const stampedAt = (v: Version) => Math.max(...v.clock.map((e) => e.atUs));
    return [...read].sort((a, b) => stampedAt(b) - stampedAt(a) || (a.dot < b.dot ? -1 : 1))[0]!.value;
  }
  if (op.resolve === 'union') {
    const items = [...read.map((v) => v.value), own].flatMap((v) => v.split(',')).map((i) => i.trim()).filter(Boolean);
    return [...new Set(items)].sort().join(', ').slice(0, 64);
  }
  return own;
}

/**
 * Which actor stamps this write, and its counter. A vector clock's entry "S2: 5" claims the
 * version has seen every write S2 stamped on this key up to 5, so S2 may move its counter on
 * only when the client saw S2's last stamp; otherwise (two clients wrote through S2 from the same
 * read) it stamps as a fresh actor, "S2.1", and the writes stay concurrent siblings instead of
 * the later silently superseding the earlier. Generations are reused once a context covers them,
 * so a clock grows only with the concurrency a node has seen. Durable: a restarted node never
 * reuses a stamp.
 */
export function stampFor(env: Env, key: string, context: CausalContext): { actor: string; counter: number } {
  const { state, ctx } = env;
  const gens = (state.actors[key] ??= []);
  const name = (gen: number) => (gen === 0 ? ctx.nameOf(ctx.self) : `${ctx.nameOf(ctx.self)}.${gen}`);
  let chosen = gens.find((g) => counterOf(context.clock, name(g.gen)) >= g.last);
  if (env.flaws.reuseActor) chosen = gens[0];
  if (!chosen) {
    chosen = { gen: gens.length, last: 0 };
    gens.push(chosen);
  }
  chosen.last = Math.max(chosen.last, counterOf(context.clock, name(chosen.gen))) + 1;
  ctx.durable.put('actors', state.actors);
  return { actor: name(chosen.gen), counter: chosen.last };
}

/** A replica did not answer in time: suspect it and, under a sloppy quorum, ask a stand-in. */
export function onReplicaTimeout(env: Env, opId: number, phase: Phase, node: number): void {
  const op = env.state.ops[opKey(opId)];
  if (!op || op.phase !== phase) return;
  const target = op.targets.find((t) => t.node === node);
  if (!target || target.state !== 'waiting') return;
  target.state = 'timedout';
  target.timer = null;
  suspect(env, node);
  // Under a sloppy quorum the next healthy node stands in: for a read until R answered, for a
  // write until all N copies are placed (the client has its answer after W of them).
  const wanted = op.phase === 'write' || (!op.lingering && op.acks < op.need);
  const standIn = env.state.config.sloppy && wanted ? nextStandIn(env, op) : null;
  if (standIn !== null) request(env, op, standIn, target.hintFor ?? node);
  else if (op.lingering && op.targets.every((t) => t.state !== 'waiting')) finish(env, op);
}

export function suspect(env: Env, node: number): void {
  if (env.state.suspected[node]) return;
  env.state.suspected[node] = true;
  env.ctx.observe('suspect', { peer: node });
}

export function onOperationTimeout(env: Env, opId: number): void {
  const op = env.state.ops[opKey(opId)];
  if (!op) return;
  if (!op.lingering) {
    env.state.stats.failed++;
    env.ctx.observe('quorum-failed', { op: op.opId, key: op.key, phase: op.phase, acks: op.acks, need: op.need });
    reply(env, op, { ok: false, key: op.key, error: `timed out with ${op.acks} of ${op.need} ${op.phase === 'read' ? 'answers' : 'acknowledgements'}`, acks: op.acks, need: op.need });
  }
  finish(env, op, true);
}

function reply(env: Env, op: Operation, result: DynamoResult): void {
  env.ctx.reply(op.opId, result);
}

function finish(env: Env, op: Operation, timedOut = false): void {
  for (const t of op.targets) if (t.timer !== null) env.ctx.cancelTimer(t.timer);
  if (!timedOut) env.ctx.cancelTimer(op.deadline);
  delete env.state.ops[opKey(op.opId)];
}
