import type { NodeContext } from '../../kernel/protocol';
import type { DynamoConfig } from './config';
import { storeReplica } from './replica';
import { buildRingOf, preferenceList } from './ring';
import type { DynamoMessage, DynamoState, MemberStatus } from './types';
import { reconcile, type Version } from './versions';
import type { Flaws } from './flaws';

/**
 * Ring membership changes (§4.9, "Adding/Removing Storage Nodes"). A node joins or leaves by its
 * own command: it bumps its status's version and tells every peer (`Membership`); peers merge
 * statuses (the higher version wins, as each status is written only by its node) and gossip them
 * on every handoff tick, so a lost broadcast is repaired. Every node computes the ring from the
 * members it knows of.
 *
 * When the ring changes, "some existing nodes no longer have to some of their keys and these
 * nodes transfer those keys to X" (§4.9): a node that is no longer among a key's first N moves its
 * versions of the key from its replicas to `outgoing`, addressed to each of the key's new home
 * nodes, and sends them (`Transfer`); "upon confirmation" (`TransferAck`) it deletes what that
 * node acknowledged. Until then it still holds them (durably) and answers gets with them, and it
 * offers them again every handoff tick. A leaving node hands every key on this way: a departure
 * is announced, never a crash. A version stored at a node that no longer replicates its key (a
 * coordinator with an older view wrote to it) is moved on the same way, so no write acknowledged
 * by W nodes of any view is lost: each of those nodes keeps it or hands it to all the new homes.
 *
 * Nothing here runs unless the ring is dynamic (spares configured, or a join/leave happened):
 * a static store's runs, and their trace hashes, are unchanged.
 */
type Ctx = NodeContext<DynamoMessage>;

export function initialStatuses(nodeCount: number, config: DynamoConfig): MemberStatus[] {
  const members = config.initialMembers ?? nodeCount;
  return Array.from({ length: nodeCount }, (_, i) => ({ member: i < members, version: 0 }));
}

export function membersOf(statuses: readonly MemberStatus[]): number[] {
  return statuses.flatMap((s, i) => (s.member ? [i] : []));
}

/** Spares configured, or some node joined or left: the ring may change, so keys may move. */
export function dynamicRing(state: DynamoState): boolean {
  return state.config.initialMembers !== null || state.statuses.some((s) => s.version > 0);
}

export function homesOf(state: DynamoState, key: string): number[] {
  return preferenceList(state.ring, key).slice(0, state.config.n);
}

function persist(state: DynamoState, ctx: Ctx): void {
  ctx.durable.put('statuses', state.statuses);
  ctx.durable.put('outgoing', state.outgoing);
}

/** Merges a peer's statuses; true when something changed. */
function merge(state: DynamoState, incoming: readonly MemberStatus[]): boolean {
  let changed = false;
  incoming.forEach((s, i) => {
    const mine = state.statuses[i];
    if (mine && s.version > mine.version) {
      state.statuses[i] = { member: s.member, version: s.version };
      changed = true;
    }
  });
  return changed;
}

/** The join or leave command: this node's own status moves on, and every peer is told at once. */
export function changeMembership(state: DynamoState, ctx: Ctx, member: boolean, flaws: Flaws): void {
  const mine = state.statuses[ctx.self]!;
  if (mine.member === member) return;
  state.statuses[ctx.self] = { member, version: mine.version + 1 };
  ctx.observe(member ? 'join' : 'leave', { version: mine.version + 1 });
  for (const peer of ctx.nodes) if (peer !== ctx.self) ctx.send(peer, { type: 'Membership', statuses: state.statuses });
  ringChanged(state, ctx, flaws);
}

/** A peer's statuses arrived (gossip, or on a transfer): adopt what is newer. */
export function learnStatuses(state: DynamoState, ctx: Ctx, incoming: readonly MemberStatus[], flaws: Flaws): void {
  if (merge(state, incoming)) ringChanged(state, ctx, flaws);
}

/** The ring as this node knows it changed: rebuild it, and hand on the keys it no longer replicates. */
function ringChanged(state: DynamoState, ctx: Ctx, flaws: Flaws): void {
  const members = membersOf(state.statuses);
  state.ring = buildRingOf(members, state.config.vnodes);
  ctx.observe('ring', { members, view: state.statuses.map((s) => s.version).join('.') });
  persist(state, ctx);
  for (const key of Object.keys(state.replicas).sort()) relocate(state, ctx, key, flaws);
}

/**
 * If this node is not among `key`'s first N, its versions of the key leave its replicas for
 * `outgoing`, addressed to each home node, and are sent (§4.9's transfer).
 */
export function relocate(state: DynamoState, ctx: Ctx, key: string, flaws: Flaws): void {
  const versions = state.replicas[key];
  if (!versions || versions.length === 0) return;
  const homes = homesOf(state, key);
  if (homes.includes(ctx.self) || homes.length === 0) return;
  const forKey = (state.outgoing[key] ??= {});
  for (const home of homes) forKey[String(home)] = reconcile([...(forKey[String(home)] ?? []), ...versions]);
  delete state.replicas[key];
  ctx.observe('relocate', { key, dots: versions.map((v) => v.dot), to: homes });
  ctx.durable.put('replicas', state.replicas);
  persist(state, ctx);
  for (const home of homes) sendTransfer(state, ctx, key, home);
  if (flaws.transferWithoutAck) for (const home of homes) onTransferAck(state, ctx, home, key, versions.map((v) => v.dot), [], flaws);
}

function sendTransfer(state: DynamoState, ctx: Ctx, key: string, to: number): void {
  const versions = state.outgoing[key]?.[String(to)];
  if (versions) ctx.send(to, { type: 'Transfer', key, versions, statuses: state.statuses });
}

/** Every handoff tick: offer the transfers not yet acknowledged again, and gossip the ring to one peer. */
export function membershipTick(state: DynamoState, ctx: Ctx): void {
  for (const key of Object.keys(state.outgoing).sort()) {
    for (const to of Object.keys(state.outgoing[key]!).sort((a, b) => Number(a) - Number(b))) sendTransfer(state, ctx, key, Number(to));
  }
  const peers = ctx.nodes.filter((p) => p !== ctx.self);
  if (peers.length > 0) ctx.send(ctx.random.pick(peers), { type: 'Membership', statuses: state.statuses });
}

/** A key's versions arrived from a node that no longer replicates it: store, then confirm. */
export function onTransfer(state: DynamoState, ctx: Ctx, from: number, key: string, versions: Version[], statuses: readonly MemberStatus[], flaws: Flaws): void {
  // Learn the sender's view first, or a receiver that has not heard of the change would send the key straight back.
  learnStatuses(state, ctx, statuses, flaws);
  storeReplica(state, ctx, key, versions, 'transfer', flaws);
  ctx.send(from, { type: 'TransferAck', key, dots: versions.map((v) => v.dot), statuses: state.statuses });
}

/** "Upon confirmation" (§4.9) the sender deletes what the receiver stored. */
export function onTransferAck(state: DynamoState, ctx: Ctx, from: number, key: string, dots: readonly string[], statuses: readonly MemberStatus[], flaws: Flaws): void {
  learnStatuses(state, ctx, statuses, flaws);
  const forKey = state.outgoing[key];
  const held = forKey?.[String(from)];
  if (!forKey || !held) return;
  const gone = held.filter((v) => dots.includes(v.dot));
  if (gone.length === 0) return;
  const kept = held.filter((v) => !dots.includes(v.dot));
  if (kept.length > 0) forKey[String(from)] = kept;
  else delete forKey[String(from)];
  if (Object.keys(forKey).length === 0) delete state.outgoing[key];
  state.stats.transferred = (state.stats.transferred ?? 0) + gone.length;
  ctx.observe('transferred', { key, to: from, dots: gone.map((v) => v.dot) });
  persist(state, ctx);
}

/** Versions this node is still handing on for `key` (a get's answer includes them). */
export function outgoingOf(state: DynamoState, key: string): Version[] {
  return Object.values(state.outgoing[key] ?? {}).flat();
}
