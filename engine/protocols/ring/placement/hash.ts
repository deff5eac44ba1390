/**
 * The hashes every placement scheme uses: MurmurHash3 x86 32-bit (Austin Appleby, public
 * domain) over a string's UTF-16 code units, two bytes each, little-endian. It is fast, mixes
 * well (every input bit affects every output bit through the fmix32 finaliser), needs no
 * crypto library and gives the same number in Node, the page and a worker. Placement only
 * needs an even spread, not resistance to an adversary choosing keys.
 *
 * `hash64` joins two independent 32-bit hashes (seeds 0 and 0x9747b28c) into one 64-bit
 * BigInt for jump consistent hash, whose linear congruential step is defined over 64 bits.
 */

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** MurmurHash3 x86_32 of `text` (as UTF-16 code units) under `seed`; an unsigned 32-bit integer. */
export function murmur32(text: string, seed = 0): number {
  let h = seed >>> 0;
  const c1 = 0xcc9e2d51;
  const c2 = 0x1b873593;
  const len = text.length;
  // Two code units make one 4-byte block.
  let i = 0;
  for (; i + 1 < len; i += 2) {
    let k = (text.charCodeAt(i) & 0xffff) | ((text.charCodeAt(i + 1) & 0xffff) << 16);
    k = Math.imul(k, c1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, c2);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  if (i < len) {
    let k = text.charCodeAt(i) & 0xffff;
    k = Math.imul(k, c1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, c2);
    h ^= k;
  }
  h ^= len * 2;
  return fmix32(h);
}

const SECOND_SEED = 0x9747b28c;

/** A 64-bit hash of `text`: two independent murmur32 lanes, high and low. */
export function hash64(text: string): bigint {
  return (BigInt(murmur32(text, 0)) << 32n) | BigInt(murmur32(text, SECOND_SEED));
}
