import { hash64 } from './hash';
import type { PlacementScheme } from './scheme';

const MASK64 = (1n << 64n) - 1n;

/**
 * Jump consistent hash (Lamping & Veach, "A Fast, Minimal Memory, Consistent Hash Algorithm",
 * 2014), their Figure 1 line for line: a key jumps forward through bucket numbers, each jump
 * drawn from a linear congruential generator seeded by the key, and stops at the last bucket
 * below `buckets`. Going from n to n+1 buckets moves exactly the keys that land on bucket n:
 * about K/(n+1), the minimum, and perfectly balanced, with no memory. Its limit (the paper's
 * §4): buckets are numbered, so only the last one can be removed; removing a member in the
 * middle renumbers the ones after it and moves many keys.
 */
export function jumpConsistentHash(key: bigint, buckets: number): number {
  let b = -1n;
  let j = 0n;
  const n = BigInt(buckets);
  let k = key & MASK64;
  while (j < n) {
    b = j;
    k = (k * 2862933555777941757n + 1n) & MASK64;
    // j = (b + 1) * (2^31 / ((k >> 33) + 1)), in floating point as in the paper.
    j = BigInt(Math.floor(Number(b + 1n) * (2147483648 / Number((k >> 33n) + 1n))));
  }
  return Number(b);
}

export const jump: PlacementScheme = {
  name: 'jump',
  title: 'jump consistent hash (Lamping & Veach)',
  assign(keys, members) {
    if (members.length === 0) return keys.map(() => -1);
    return keys.map((key) => jumpConsistentHash(hash64(key), members.length));
  },
};
