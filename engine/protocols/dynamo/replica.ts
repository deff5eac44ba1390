import type { NodeContext } from '../../kernel/protocol';
import { mergeAll } from './clock';
import type { Flaws } from './flaws';
import type { DynamoMessage, DynamoState } from './types';
import { addVersion, reconcile, type Version } from './versions';
import { dynamicRing, outgoingOf, relocate } from './membership';

/**
 * The storage side of a node: its replicas of keys, the hinted replicas it holds for others
 * (§4.6), and the handoff that returns them. Everything stored is durable (Dynamo's local
 * persistence engine, §4.2/§6): a crash loses operations in flight, never stored versions.
 */
type Ctx = NodeContext<DynamoMessage>;

function persist(state: DynamoState, ctx: Ctx): void {
  ctx.durable.put('replicas', state.replicas);
  ctx.durable.put('hints', state.hints);
}

function add(stored: readonly Version[], v: Version, flaws: Flaws): { versions: Version[]; added: boolean; dropped: string[] } {
  if (flaws.dropSiblings) {
    const r = addVersion(stored, v);
    if (!r.added) return r;
    return { versions: [v], added: true, dropped: stored.filter((s) => s.dot !== v.dot).map((s) => s.dot) };
  }
  return addVersion(stored, v);
}

/** Stores `v` as one of `key`'s replicas; observes what it added and what it superseded. */
export function storeReplica(state: DynamoState, ctx: Ctx, key: string, incoming: readonly Version[], via: string, flaws: Flaws): void {
  let versions = state.replicas[key] ?? [];
  let changed = false;
  for (const v of incoming) {
    const r = add(versions, v, flaws);
    if (!r.added) continue;
    versions = r.versions;
    changed = true;
    ctx.observe('store', { key, dot: v.dot, hintFor: null, dropped: r.dropped, via, join: mergeAll(versions.map((x) => x.clock)) });
  }
  if (!changed) return;
  state.replicas[key] = versions;
  persist(state, ctx);
  // A node the ring no longer makes a home of this key hands what it got straight on (§4.9).
  if (dynamicRing(state)) relocate(state, ctx, key, flaws);
}

/** Stores `v` for `intended`, which was unreachable (§4.6: "a hint in its metadata"). */
export function storeHint(state: DynamoState, ctx: Ctx, key: string, intended: number, v: Version, flaws: Flaws): void {
  const forKey = (state.hints[key] ??= {});
  const r = add(forKey[String(intended)] ?? [], v, flaws);
  if (!r.added) return;
  forKey[String(intended)] = r.versions;
  ctx.observe('store', { key, dot: v.dot, hintFor: intended, dropped: r.dropped, via: 'put' });
  persist(state, ctx);
}

/** Everything this node holds of `key`, its own replicas and hinted ones, reconciled: a get's answer. */
export function versionsOf(state: DynamoState, key: string): Version[] {
  const hinted = Object.values(state.hints[key] ?? {}).flat();
  return reconcile([...(state.replicas[key] ?? []), ...hinted, ...outgoingOf(state, key)]);
}

/** The periodic handoff probe: offer every hinted replica to its intended node, as a message. */
export function offerHints(state: DynamoState, ctx: Ctx, flaws: Flaws): void {
  for (const key of Object.keys(state.hints).sort()) {
    const forKey = state.hints[key]!;
    for (const intended of Object.keys(forKey).sort((a, b) => Number(a) - Number(b))) {
      const versions = forKey[intended]!;
      ctx.send(Number(intended), { type: 'Handoff', key, versions });
      if (flaws.handoffWithoutAck) forgetHints(state, ctx, key, Number(intended), versions.map((v) => v.dot));
    }
  }
}

/** The intended node acknowledged `dots`: the stand-in deletes them (§4.6, "may delete the object"). */
export function forgetHints(state: DynamoState, ctx: Ctx, key: string, intended: number, dots: readonly string[]): void {
  const forKey = state.hints[key];
  const held = forKey?.[String(intended)];
  if (!forKey || !held) return;
  const gone = held.filter((v) => dots.includes(v.dot));
  if (gone.length === 0) return;
  const kept = held.filter((v) => !dots.includes(v.dot));
  if (kept.length > 0) forKey[String(intended)] = kept;
  else delete forKey[String(intended)];
  if (Object.keys(forKey).length === 0) delete state.hints[key];
  state.stats.handedOff += gone.length;
  ctx.observe('handoff', { key, to: intended, dots: gone.map((v) => v.dot) });
  persist(state, ctx);
}

export function hintCount(state: DynamoState): number {
  let count = 0;
  for (const forKey of Object.values(state.hints)) for (const vs of Object.values(forKey)) count += vs.length;
  return count;
}
