import type { NodeContext } from '../../kernel/protocol';
import {
  counterAdd,
  counterDigest,
  counterMerge,
  counterValue,
  emptyCounter,
  emptyMv,
  emptyOrSet,
  lwwBeats,
  lwwDigest,
  lwwMerge,
  mvDigest,
  mvMerge,
  mvNextVv,
  mvWrite,
  orAdd,
  orDigest,
  orElements,
  orMerge,
  orRemove,
  vvCovers,
  vvDominates,
  type LwwRegister,
  type OrSet,
  type PnCounter,
} from './crdt';
import { keyName, type MultiLeaderConfig } from './config';
import { CART, COUNTER, type LeaderState, type LostWrite, type MultiLeaderMessage, type Register } from './types';

/**
 * One leader (one datacenter): it accepts every client write at once, acknowledges it, and
 * replicates it to the other leaders asynchronously (Kleppmann, "Designing Data-Intensive
 * Applications", ch. 5, "Multi-Leader Replication"). Conflicts are not prevented, only
 * resolved, three ways side by side on the same writes: last writer wins by this leader's own
 * (skewed) clock, siblings kept with version vectors, and CRDTs (crdt.ts).
 */
type Ctx = NodeContext<MultiLeaderMessage>;

const LOST_SHOWN = 8;
const regKey = (key: string) => `reg/${key}`;

export function initLeader(ctx: Ctx, config: MultiLeaderConfig): LeaderState {
  const leaders = ctx.nodesOf(ctx.kind);
  const index = leaders.indexOf(ctx.self);
  const registers: Record<string, Register> = {};
  for (let i = 0; i < config.keys; i++) {
    const key = keyName(i);
    registers[key] = ctx.durable.get<Register>(regKey(key)) ?? { lww: null, mv: emptyMv };
  }
  const state: LeaderState = {
    config,
    skewUs: ctx.durable.get<number>('skew') ?? config.clockSkewUs[index] ?? 0,
    registers,
    counter: ctx.durable.get<PnCounter>(COUNTER) ?? emptyCounter,
    cart: ctx.durable.get<OrSet>(CART) ?? emptyOrSet,
    lost: [],
  };
  // Start anti-entropy at a point of the period of this node's own choosing, so the leaders do
  // not all gossip in the same instant.
  ctx.setTimer(ctx.random.int(1, config.antiEntropyUs), 'anti-entropy');
  return state;
}

function peers(ctx: Ctx): number[] {
  return ctx.nodesOf(ctx.kind).filter((n) => n !== ctx.self);
}

function replicate(ctx: Ctx, msg: MultiLeaderMessage): void {
  for (const peer of peers(ctx)) ctx.send(peer, msg);
}

/** Every period: the whole state to every other leader (what a dropped Replicate or a cut link lost comes back this way). */
export function onAntiEntropy(ctx: Ctx, state: LeaderState): void {
  replicate(ctx, { type: 'Sync', registers: state.registers, counter: state.counter, cart: state.cart });
  ctx.setTimer(state.config.antiEntropyUs, 'anti-entropy');
}

// --- Registers ------------------------------------------------------------------------------

function recordLoss(ctx: Ctx, state: LeaderState, key: string, loser: LwwRegister, winner: LwwRegister): void {
  const lost: LostWrite = {
    key,
    id: loser.id,
    value: loser.value,
    writer: loser.writer,
    ts: loser.ts,
    byId: winner.id,
    byValue: winner.value,
    byWriter: winner.writer,
    byTs: winner.ts,
    // The loser had seen the winner and still stamped smaller: its clock was behind.
    cause: vvDominates(loser.vv, winner.vv) ? 'stale' : 'concurrent',
    atUs: ctx.now(),
  };
  if (!state.lost.some((l) => l.id === lost.id)) state.lost = [lost, ...state.lost].slice(0, LOST_SHOWN);
  ctx.observe('lost', { ...lost });
}

const registerDigest = (r: Register) => `${lwwDigest(r.lww)} | ${mvDigest(r.mv)}`;

function storeRegister(ctx: Ctx, state: LeaderState, key: string, next: Register): void {
  const digest = registerDigest(next);
  if (digest === registerDigest(state.registers[key]!)) return;
  state.registers[key] = next;
  ctx.durable.put(regKey(key), next);
  ctx.observe('state', { object: key, digest });
}

/** A client's write: acknowledged at once, stamped with this leader's clock, replicated later. */
export function onSet(ctx: Ctx, state: LeaderState, key: string, value: number): { id: string; kept: boolean } {
  const reg = state.registers[key]!;
  // The client read every sibling first and writes over all of them (its context is the leader's).
  const vv = mvNextVv(reg.mv, ctx.self);
  const id = `${ctx.nameOf(ctx.self)}/${key}#${vv[ctx.self]}`;
  const write: LwwRegister = { id, value, writer: ctx.self, vv, ts: ctx.now() + state.skewUs };
  const resolved = reg.mv.versions.length;
  // Acknowledged, and already lost when the value it replaces carries a larger timestamp.
  const beaten = reg.lww !== null && lwwBeats(reg.lww, write);
  const lww: LwwRegister | null = beaten ? reg.lww : write;
  ctx.observe('set', { key, id, value, ts: write.ts, kept: !beaten });
  if (beaten) recordLoss(ctx, state, key, write, reg.lww!);
  const next: Register = { lww, mv: mvWrite(reg.mv, { id, value, writer: ctx.self, vv }) };
  if (resolved > 1) ctx.observe('resolved', { key, siblings: resolved, id });
  storeRegister(ctx, state, key, next);
  replicate(ctx, { type: 'Replicate', key, register: next });
  return { id, kept: !beaten };
}

function mergeRegister(ctx: Ctx, state: LeaderState, key: string, incoming: Register): void {
  const local = state.registers[key];
  if (!local) return; // a key this leader does not have (a peer configured with more keys)
  const lww = lwwMerge(local.lww, incoming.lww);
  if (local.lww && incoming.lww && local.lww.id !== incoming.lww.id) {
    const loser = lww === local.lww ? incoming.lww : local.lww;
    if (!vvCovers(lww!.vv, loser.vv)) recordLoss(ctx, state, key, loser, lww!);
  }
  const mv = mvMerge(local.mv, incoming.mv);
  if (mv.versions.length > 1 && mv.versions.length > local.mv.versions.length) {
    ctx.observe('siblings', { key, count: mv.versions.length, values: mv.versions.map((w) => w.value) });
  }
  storeRegister(ctx, state, key, { lww, mv });
}

// --- The counter and the set ------------------------------------------------------------------

function storeCounter(ctx: Ctx, state: LeaderState, next: PnCounter): void {
  const changed = counterDigest(next) !== counterDigest(state.counter);
  state.counter = next;
  if (!changed) return;
  ctx.durable.put(COUNTER, next);
  ctx.observe('state', { object: COUNTER, digest: counterDigest(next), p: { ...next.p }, n: { ...next.n }, value: counterValue(next) });
}

function storeCart(ctx: Ctx, state: LeaderState, next: OrSet): void {
  const digest = orDigest(next);
  const changed = digest !== orDigest(state.cart);
  state.cart = next;
  if (!changed) return;
  ctx.durable.put(CART, next);
  ctx.observe('state', { object: CART, digest, elements: orElements(next) });
}

export function onIncrement(ctx: Ctx, state: LeaderState, by: number): void {
  ctx.observe('incr', { by });
  storeCounter(ctx, state, counterAdd(state.counter, ctx.self, by));
  replicate(ctx, { type: 'Replicate', key: COUNTER, counter: state.counter });
}

export function onAdd(ctx: Ctx, state: LeaderState, element: string): void {
  const { set, dot } = orAdd(state.cart, ctx.self, element);
  ctx.observe('add', { element, dot: [...dot] });
  storeCart(ctx, state, set);
  replicate(ctx, { type: 'Replicate', key: CART, cart: state.cart });
}

export function onRemove(ctx: Ctx, state: LeaderState, element: string): void {
  const { set, removed } = orRemove(state.cart, element);
  ctx.observe('remove', { element, dots: removed.map((d) => [...d]) });
  if (removed.length === 0) return;
  storeCart(ctx, state, set);
  replicate(ctx, { type: 'Replicate', key: CART, cart: state.cart });
}

// --- Receiving --------------------------------------------------------------------------------

export function onReplicate(ctx: Ctx, state: LeaderState, msg: Extract<MultiLeaderMessage, { type: 'Replicate' }>): void {
  if (msg.register) mergeRegister(ctx, state, msg.key, msg.register);
  if (msg.counter) storeCounter(ctx, state, counterMerge(state.counter, msg.counter));
  if (msg.cart) storeCart(ctx, state, orMerge(state.cart, msg.cart));
}

export function onSync(ctx: Ctx, state: LeaderState, msg: Extract<MultiLeaderMessage, { type: 'Sync' }>): void {
  for (const key of Object.keys(state.registers)) {
    const incoming = msg.registers[key];
    if (incoming) mergeRegister(ctx, state, key, incoming);
  }
  storeCounter(ctx, state, counterMerge(state.counter, msg.counter));
  storeCart(ctx, state, orMerge(state.cart, msg.cart));
}
