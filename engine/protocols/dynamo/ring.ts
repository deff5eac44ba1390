import { nodeName } from '../../kernel/topology';
/**
 * Dynamo's partitioning (§4.2): a consistent-hash ring where each node owns several virtual
 * nodes (tokens); a key belongs to the first token clockwise from its hash, and its preference
 * list (§4.3) is the distinct physical nodes met walking on from there. The first N are its
 * replicas; the rest are where a sloppy quorum looks for stand-ins (§4.6).
 *
 * Every node computes the ring from the members it knows of and the number of virtual nodes: all
 * nodes at the start, and membership.ts changes it when a node joins or leaves (§4.9).
 */
export interface Token {
  /** Position on the ring, 0 .. 2^32-1. */
  position: number;
  node: number;
  vnode: number;
}

/** FNV-1a, 32 bits, then a murmur-style finaliser so nearby names spread over the ring. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Every node's tokens, sorted by position (ties by node, then vnode: deterministic). */
export function buildRing(nodeCount: number, vnodes: number): Token[] {
  return buildRingOf(Array.from({ length: nodeCount }, (_, i) => i), vnodes);
}

/** The tokens of the given members only (membership.ts: the ring after joins and leaves, §4.9). */
export function buildRingOf(members: readonly number[], vnodes: number): Token[] {
  const tokens: Token[] = [];
  for (const node of members) {
    for (let vnode = 0; vnode < vnodes; vnode++) tokens.push({ position: hash32(`${nodeName(null, node)}#${vnode}`), node, vnode });
  }
  return tokens.sort((a, b) => a.position - b.position || a.node - b.node || a.vnode - b.vnode);
}

/** Index of the first token at or after `position`, wrapping to 0 (binary search). */
function firstTokenAtOrAfter(ring: readonly Token[], position: number): number {
  let lo = 0;
  let hi = ring.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ring[mid]!.position < position) lo = mid + 1;
    else hi = mid;
  }
  return lo === ring.length ? 0 : lo;
}

/** The distinct nodes clockwise from the key's hash: every node, in preference order. */
export function preferenceList(ring: readonly Token[], key: string): number[] {
  const out: number[] = [];
  if (ring.length === 0) return out;
  const start = firstTokenAtOrAfter(ring, hash32(key));
  for (let i = 0; i < ring.length; i++) {
    const node = ring[(start + i) % ring.length]!.node;
    if (!out.includes(node)) out.push(node);
  }
  return out;
}
