/**
 * Small 32-bit hashes for the search's cache. They only spread keys over buckets: every hit is
 * confirmed by full equality, so a collision costs time, never a wrong verdict.
 */

/** FNV-1a over the UTF-16 code units of a string. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

/** Folds a 32-bit integer into a running hash (murmur3's mixing step). */
export function mixHash(h: number, value: number): number {
  let k = Math.imul(value | 0, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  let out = (h ^ k) | 0;
  out = (out << 13) | (out >>> 19);
  return (Math.imul(out, 5) + 0xe6546b64) | 0;
}
