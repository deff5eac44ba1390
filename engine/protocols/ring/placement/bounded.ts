import { murmur32 } from './hash';
import { buildRing, successorIndex } from './ring';
import type { PlacementScheme } from './scheme';

/**
 * Consistent hashing with bounded loads (Mirrokni, Thorup & Zadimoghaddam, SODA 2018): the
 * consistent-hash ring, but every member has a capacity of ceil(c · K / N) keys for a load
 * factor c > 1; a key walks clockwise from its position past full members to the first with room.
 * No member ever holds more than (1 + ε) times the mean; the price is some extra movement on a
 * membership change (the paper bounds it by O(1/ε²) times the minimum). Keys are placed in the
 * order of their hash (ties by key), so the assignment does not depend on the caller's order.
 */
export function capacity(keyCount: number, memberCount: number, loadFactor: number): number {
  return Math.ceil((loadFactor * keyCount) / memberCount);
}

export function boundedLoads(vnodes: number, loadFactor: number): PlacementScheme {
  return {
    name: 'bounded',
    title: `bounded loads, c = ${loadFactor} (${vnodes} virtual nodes)`,
    assign(keys, members) {
      const points = buildRing(members, vnodes);
      const owners = keys.map(() => -1);
      if (points.length === 0) return owners;
      const cap = capacity(keys.length, members.length, loadFactor);
      const load = new Array<number>(members.length).fill(0);
      const order = keys
        .map((key, i) => ({ i, key, h: murmur32(key) }))
        .sort((a, b) => a.h - b.h || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      for (const { i, h } of order) {
        let p = successorIndex(points, h);
        // Total capacity N·cap >= c·K > K, so a member with room always exists.
        while (load[points[p]!.member]! >= cap) p = (p + 1) % points.length;
        const member = points[p]!.member;
        owners[i] = member;
        load[member]!++;
      }
      return owners;
    },
  };
}
