import type { NodeContext } from '../../kernel/protocol';
import type { Flaws } from './flaws';
import { storeReplica } from './replica';
import { hash32, preferenceList } from './ring';
import type { DynamoMessage, DynamoState } from './types';
import type { Version } from './versions';

/**
 * Anti-entropy (§4.7): replicas compare what they hold with Merkle trees, so keys that diverged
 * (a missed put, a hint never handed back) converge without waiting for a read. Each node, every
 * `antiEntropyIntervalMs`, picks a peer and sends the tree of the keys both replicate: a root
 * and `MERKLE_LEAVES` leaves, each the hash of its keys' version stamps. The peer compares; equal
 * roots end the exchange, otherwise it sends its versions of the differing leaves' keys, and the
 * first node stores them and sends back its own. Two levels stand for the paper's deeper tree:
 * what it shows is the same, only the differing leaves' keys travel.
 */
export const MERKLE_LEAVES = 8;
type Ctx = NodeContext<DynamoMessage>;

/** The keys this node holds as a replica that `peer` also replicates (both in the first N). */
function sharedKeys(state: DynamoState, self: number, peer: number): string[] {
  const n = state.config.n;
  return Object.keys(state.replicas)
    .filter((key) => {
      const homes = preferenceList(state.ring, key).slice(0, n);
      return homes.includes(self) && homes.includes(peer);
    })
    .sort();
}

const leafOf = (key: string) => hash32(key) % MERKLE_LEAVES;

/** Leaf hashes over the shared keys' version stamps, and the root over the leaves. */
export function merkleTree(state: DynamoState, keys: readonly string[]): { root: number; leaves: number[] } {
  const parts: string[][] = Array.from({ length: MERKLE_LEAVES }, () => []);
  for (const key of keys) {
    const dots = (state.replicas[key] ?? []).map((v) => v.dot).sort();
    if (dots.length > 0) parts[leafOf(key)]!.push(`${key}=${dots.join(',')}`);
  }
  const leaves = parts.map((p) => hash32(p.join(';')));
  return { root: hash32(leaves.join(',')), leaves };
}

/** The periodic exchange: a random peer, the tree of what both replicate. */
export function startExchange(state: DynamoState, ctx: Ctx): void {
  const peers = ctx.nodes.filter((p) => p !== ctx.self);
  if (peers.length === 0) return;
  const peer = ctx.random.pick(peers);
  const { root, leaves } = merkleTree(state, sharedKeys(state, ctx.self, peer));
  ctx.send(peer, { type: 'MerkleTree', root, leaves });
}

function versionsIn(state: DynamoState, keys: readonly string[], leaves: readonly number[]): Record<string, Version[]> {
  const out: Record<string, Version[]> = {};
  for (const key of keys) if (leaves.includes(leafOf(key))) out[key] = state.replicas[key] ?? [];
  return out;
}

/** A peer's tree arrived: compare, and send the versions of the leaves that differ. */
export function onMerkleTree(state: DynamoState, ctx: Ctx, from: number, root: number, leaves: readonly number[]): void {
  const keys = sharedKeys(state, ctx.self, from);
  const mine = merkleTree(state, keys);
  if (mine.root === root) return;
  const differing = mine.leaves.map((h, i) => (h === leaves[i] ? -1 : i)).filter((i) => i >= 0);
  ctx.observe('anti-entropy', { peer: from, leaves: differing });
  ctx.send(from, { type: 'MerkleDiff', leaves: differing, versions: versionsIn(state, keys, differing) });
}

/** Stores what the peer sent for the differing leaves; with `reply`, sends back its own versions of them. */
export function onMerkleVersions(state: DynamoState, ctx: Ctx, from: number, leaves: readonly number[], versions: Record<string, Version[]>, reply: boolean, flaws: Flaws): void {
  for (const key of Object.keys(versions).sort()) storeReplica(state, ctx, key, versions[key]!, 'anti-entropy', flaws);
  if (reply) ctx.send(from, { type: 'MerkleSync', leaves: [...leaves], versions: versionsIn(state, sharedKeys(state, ctx.self, from), leaves) });
}
