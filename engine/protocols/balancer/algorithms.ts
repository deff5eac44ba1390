import type { NodeId, NodeContext } from '../../kernel/protocol';
import { murmur32 } from '../ring/placement/hash';
import { buildRing, successorIndex, type RingPoint } from '../ring/placement/ring';
import type { BalancerNodeState } from './types';
import { ewmaLoad, freshEwma } from './peak-ewma';

/**
 * The balancing algorithms: each picks a server for one request among the servers not ejected
 * (`candidates`, ascending), from the balancer's own counts and its own random stream.
 *
 * - round robin: the next server in order (skipping ejected ones);
 * - random: uniformly;
 * - least outstanding: the fewest forwards in flight, ties drawn at random;
 * - two random choices (Mitzenmacher, "The Power of Two Choices in Randomized Load Balancing",
 *   2001): two distinct servers drawn at random, the one with fewer in flight;
 * - peak EWMA (Finagle, Linkerd): two random choices, compared by latency × (in flight + 1);
 * - consistent hashing (Karger et al.): the key's first server clockwise on a ring of virtual
 *   nodes, skipping ejected ones, so one key always lands on one server while the set holds.
 */
export function pickServer(s: BalancerNodeState, ctx: NodeContext, key: string): NodeId | null {
  const candidates = s.servers.filter((id) => !(String(id) in s.ejectedUntil));
  if (candidates.length === 0) return null;
  const out = (id: NodeId) => s.outstanding[id] ?? 0;
  switch (s.algorithm) {
    case 'round-robin': {
      for (let i = 0; i < s.servers.length; i++) {
        const id = s.servers[(s.cursor + i) % s.servers.length]!;
        if (candidates.includes(id)) {
          s.cursor = (s.servers.indexOf(id) + 1) % s.servers.length;
          return id;
        }
      }
      return null;
    }
    case 'random':
      return candidates[ctx.random.int(0, candidates.length - 1)]!;
    case 'least-outstanding': {
      const least = Math.min(...candidates.map(out));
      const tied = candidates.filter((id) => out(id) === least);
      return tied[ctx.random.int(0, tied.length - 1)]!;
    }
    case 'two-choices': {
      const [a, b] = twoDistinct(candidates, ctx);
      return b === null || out(a) <= out(b) ? a : b;
    }
    case 'peak-ewma': {
      const [a, b] = twoDistinct(candidates, ctx);
      if (b === null) return a;
      const load = (id: NodeId) => ewmaLoad(s.ewma[id] ?? freshEwma(s.config.ewmaDefaultRttUs, ctx.now()), out(id), ctx.now(), s.config.ewmaDecayUs);
      return load(a) <= load(b) ? a : b;
    }
    case 'consistent-hash':
      return ringOwner(ringOf(s.servers.map((id) => ctx.nameOf(id)), s.config.vnodes), s.servers, candidates, key);
  }
}

function twoDistinct(candidates: readonly NodeId[], ctx: NodeContext): [NodeId, NodeId | null] {
  if (candidates.length === 1) return [candidates[0]!, null];
  const i = ctx.random.int(0, candidates.length - 1);
  // The second draw is among the others, so the two are distinct (Finagle's P2C does the same).
  const j = (i + 1 + ctx.random.int(0, candidates.length - 2)) % candidates.length;
  return [candidates[i]!, candidates[j]!];
}

/** The ring is a function of the server names and vnodes: built once per pair and kept (never in state). */
const rings = new Map<string, RingPoint[]>();
function ringOf(names: readonly string[], vnodes: number): RingPoint[] {
  const id = `${vnodes}|${names.join(',')}`;
  let ring = rings.get(id);
  if (!ring) {
    ring = buildRing(names, vnodes);
    if (rings.size > 32) rings.clear();
    rings.set(id, ring);
  }
  return ring;
}

/** The key's first server clockwise that is a candidate. Exported for the monitor's own check. */
export function ringOwner(ring: readonly RingPoint[], servers: readonly NodeId[], candidates: readonly NodeId[], key: string): NodeId | null {
  if (ring.length === 0) return null;
  const start = successorIndex(ring, murmur32(key));
  for (let i = 0; i < ring.length; i++) {
    const id = servers[ring[(start + i) % ring.length]!.member]!;
    if (candidates.includes(id)) return id;
  }
  return null;
}

export { ringOf };
