import { murmur32 } from './hash';
import type { PlacementScheme } from './scheme';

/**
 * hash(key) mod N: perfectly simple and, when N changes, almost every key moves (a key stays only
 * if hash mod N equals hash mod N'), about N/(N+1) of them on an added node instead of 1/(N+1).
 * The baseline the other schemes are measured against.
 */
export const modulo: PlacementScheme = {
  name: 'modulo',
  title: 'modulo hashing (hash mod N)',
  assign(keys, members) {
    if (members.length === 0) return keys.map(() => -1);
    return keys.map((key) => murmur32(key) % members.length);
  },
};
