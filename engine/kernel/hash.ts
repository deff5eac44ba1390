/**
 * A 64-bit (two 32-bit lanes) incremental hash over plain data, used for the canonical trace hash.
 * It needs no crypto API, so it runs synchronously and identically in Node, the page and a worker.
 * It proves that two runs are equal; it is not meant to resist an adversary.
 */
export class Hash64 {
  private h1 = 0x811c9dc5 | 0;
  private h2 = 0x01000193 ^ 0x5bd1e995;

  /** Restores a hash from `state()`, so snapshots can carry the trace hash forward. */
  static fromState(state: readonly [number, number]): Hash64 {
    const h = new Hash64();
    h.h1 = state[0] | 0;
    h.h2 = state[1] | 0;
    return h;
  }

  state(): [number, number] {
    return [this.h1, this.h2];
  }

  /** Folds a 32-bit integer into both lanes (murmur3-style mixing). */
  int(value: number): this {
    // Each lane read once and written once (locals, not fields, in between): the same words.
    const v = value | 0;
    let k = Math.imul(v, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    let h1 = this.h1 ^ k;
    h1 = (h1 << 13) | (h1 >>> 19);
    h1 = (Math.imul(h1, 5) + 0xe6546b64) | 0;
    let h2 = this.h2 ^ Math.imul(v, 0x85ebca6b) ^ (h1 >>> 7);
    h2 = (h2 << 11) | (h2 >>> 21);
    this.h1 = h1;
    this.h2 = (Math.imul(h2, 0x27d4eb2d) + 0x165667b1) | 0;
    return this;
  }

  /** Any JS number: integers up to 2^53 exactly, other numbers by their decimal text. */
  num(value: number): this {
    // The two 32-bit halves of a safe integer: low (value mod 2^32, as int() truncates it) and
    // high. An int32 needs no division; others avoid `%` on doubles (a slow fmod): value -
    // high * 2^32 is exact below 2^53 and equal to value % 2^32 modulo 2^32, which is all int()
    // sees. The folded words are those of the original `value % 2^32, floor(value / 2^32)`.
    if ((value | 0) === value) {
      this.int(value);
      return this.int(value < 0 ? -1 : 0);
    }
    if (Number.isSafeInteger(value)) {
      const high = Math.floor(value / 0x100000000);
      this.int(value - high * 0x100000000);
      return this.int(high);
    }
    this.int(0x7ff8);
    return this.str(String(value));
  }

  /** Strings fold in as one 32-bit digest each; short ones (keys, types) are digested once. */
  str(value: string): this {
    return this.int(value.length ^ 0x5f3759df).int(digest(value));
  }

  /** Structural hash of plain data: key order counts, as it does in the canonical trace. */
  value(value: unknown): this {
    switch (typeof value) {
      case 'number':
        this.int(1);
        return this.num(value);
      case 'string':
        this.int(2);
        return this.str(value);
      case 'boolean':
        return this.int(value ? 3 : 4);
      case 'undefined':
        return this.int(5);
      case 'object':
        if (value === null) return this.int(6);
        return Array.isArray(value) ? this.array(value) : this.object(value as Record<string, unknown>);
      default:
        throw new TypeError(`cannot hash a ${typeof value}: protocol data must be plain`);
    }
  }

  /**
   * value() of an array. A 32-bit integer item, the commonest, is folded here (value()'s words
   * for it: 1, the number, its sign word) without a call per item (issue 12).
   */
  private array(items: readonly unknown[]): this {
    this.int(7).int(items.length);
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      if (typeof item === 'number' && (item | 0) === item) this.int(1).int(item).int(item < 0 ? -1 : 0);
      else this.value(item);
    }
    return this;
  }

  /** value() of a plain object: its defined fields in key order, a 32-bit integer field folded here as array() does. */
  private object(fields: Record<string, unknown>): this {
    this.int(8);
    for (const key in fields) {
      const field = fields[key];
      if (field === undefined) continue; // absent and undefined fields hash alike
      this.str(key);
      if (typeof field === 'number' && (field | 0) === field) this.int(1).int(field).int(field < 0 ? -1 : 0);
      else this.value(field);
    }
    return this.int(9);
  }

  /** 16 hex digits. */
  hex(): string {
    const a = (this.h1 >>> 0).toString(16).padStart(8, '0');
    const b = (this.h2 >>> 0).toString(16).padStart(8, '0');
    return a + b;
  }
}

/** FNV-1a over the UTF-16 code units: a pure function of the string, so caching it is safe. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h | 0;
}

/**
 * Digests of short strings (keys, message types, reasons): a small direct-mapped cache indexed
 * by length and first and last characters, in front of the map. Field names come back in the
 * same few strings (one string each, V8 keeps one copy of a property name), so the slot's
 * string is usually the very one asked for and `===` decides at once.
 */
const SLOTS = 256;
const slotText: (string | undefined)[] = new Array<string | undefined>(SLOTS).fill(undefined);
const slotDigest = new Int32Array(SLOTS);
const digests = new Map<string, number>();
const MAX_CACHED_LENGTH = 48;
const MAX_CACHED = 4096;

function digest(text: string): number {
  const n = text.length;
  if (n > MAX_CACHED_LENGTH) return fnv1a(text);
  const slot = n === 0 ? 0 : (n * 7 + text.charCodeAt(0) * 31 + text.charCodeAt(n - 1)) & (SLOTS - 1);
  if (slotText[slot] === text) return slotDigest[slot]!;
  let d = digests.get(text);
  if (d === undefined) {
    d = fnv1a(text);
    if (digests.size < MAX_CACHED) digests.set(text, d);
  }
  slotText[slot] = text;
  slotDigest[slot] = d;
  return d;
}

/**
 * One-shot hash of a string into a 32-bit unsigned integer, for deriving random streams from
 * the seed. Frozen: changing it would change every run a saved scenario or link describes.
 */
export function hash32(text: string): number {
  const h = new Hash64().int(text.length ^ 0x5f3759df);
  for (let i = 0; i < text.length; i++) h.int(text.charCodeAt(i));
  return h.state()[0] >>> 0;
}
