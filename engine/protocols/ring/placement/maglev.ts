import { murmur32 } from './hash';
import type { PlacementScheme } from './scheme';

/**
 * Maglev hashing (Eisenbud et al., "Maglev: A Fast and Reliable Software Network Load
 * Balancer", NSDI 2016, §3.4, Pseudocode 1). Each member has a preference permutation of the
 * lookup table's M slots (offset = h1(name) mod M, skip = h2(name) mod (M-1) + 1, M prime so
 * every skip visits every slot); members take turns claiming their next preferred free slot until
 * the table is full. Every member ends with M/N slots give or take one (near-perfect balance);
 * a membership change moves a little more than the minimum. A key goes to entry[hash(key) mod M].
 */
export function maglevTable(members: readonly string[], tableSize: number): Int32Array {
  const m = tableSize;
  const n = members.length;
  const entry = new Int32Array(m).fill(-1);
  if (n === 0) return entry;
  const offset = members.map((name) => murmur32(name, 0xa1b2c3d4) % m);
  const skip = members.map((name) => (murmur32(name, 0x5bd1e995) % (m - 1)) + 1);
  const next = new Array<number>(n).fill(0);
  let filled = 0;
  for (;;) {
    for (let i = 0; i < n; i++) {
      // permutation[i][next[i]] = (offset + next * skip) mod M; skip taken slots.
      let c = (offset[i]! + next[i]! * skip[i]!) % m;
      while (entry[c]! >= 0) {
        next[i]!++;
        c = (offset[i]! + next[i]! * skip[i]!) % m;
      }
      entry[c] = i;
      next[i]!++;
      filled++;
      if (filled === m) return entry;
    }
  }
}

export function maglev(tableSize: number): PlacementScheme {
  return {
    name: 'maglev',
    title: `Maglev, table of ${tableSize.toLocaleString('en-US')} entries`,
    assign(keys, members) {
      if (members.length === 0) return keys.map(() => -1);
      const table = maglevTable(members, tableSize);
      return keys.map((key) => table[murmur32(key, 0x3c6ef372) % tableSize]!);
    },
  };
}
