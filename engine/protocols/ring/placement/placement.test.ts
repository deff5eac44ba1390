import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nodeName as topologyName } from '../../../kernel/topology';
import {
  buildRing,
  capacity,
  compareSchemes,
  jumpConsistentHash,
  keysMoved,
  loads,
  makeScheme,
  maglevTable,
  murmur32,
  preferenceList,
  SCHEME_NAMES,
} from './index';

const names = (n: number) => Array.from({ length: n }, (_, i) => topologyName(null, i));
const keyNames = (k: number) => Array.from({ length: k }, (_, i) => `key:${i}`);

/** MurmurHash3 x86_32 over bytes, written plainly from the reference C code (the dumb version). */
function murmurBytes(bytes: readonly number[], seed: number): number {
  let h = seed >>> 0;
  const nblocks = Math.floor(bytes.length / 4);
  for (let i = 0; i < nblocks; i++) {
    let k = bytes[4 * i]! | (bytes[4 * i + 1]! << 8) | (bytes[4 * i + 2]! << 16) | (bytes[4 * i + 3]! << 24);
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  const tail = bytes.slice(nblocks * 4);
  let k1 = 0;
  if (tail.length >= 3) k1 ^= tail[2]! << 16;
  if (tail.length >= 2) k1 ^= tail[1]! << 8;
  if (tail.length >= 1) {
    k1 ^= tail[0]!;
    k1 = Math.imul(k1, 0xcc9e2d51);
    k1 = (k1 << 15) | (k1 >>> 17);
    k1 = Math.imul(k1, 0x1b873593);
    h ^= k1;
  }
  h ^= bytes.length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const utf16le = (s: string) => [...Array(s.length).keys()].flatMap((i) => [s.charCodeAt(i) & 0xff, s.charCodeAt(i) >>> 8]);

describe('murmur32', () => {
  it('the byte-wise reference matches published MurmurHash3 vectors', () => {
    expect(murmurBytes([], 0)).toBe(0);
    expect(murmurBytes([], 1)).toBe(0x514e28b7);
    expect(murmurBytes([0, 0, 0, 0], 0)).toBe(0x2362f9de);
    expect(murmurBytes([0x21, 0x43, 0x65, 0x87], 0x5082edee)).toBe(0x2362f9de);
  });

  it('equals MurmurHash3 over the string as UTF-16LE bytes', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), fc.nat(), (s, seed) => {
        expect(murmur32(s, seed)).toBe(murmurBytes(utf16le(s), seed));
      }),
    );
  });
});

describe('consistent-hash ring', () => {
  it('owner and preference list agree with a linear scan of the ring', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 20 }), fc.array(fc.string(), { maxLength: 30 }), (n, vnodes, keys) => {
        const members = names(n);
        const points = buildRing(members, vnodes);
        const owners = makeScheme('ring', { vnodes }).assign([...new Set(keys)], members);
        [...new Set(keys)].forEach((key, i) => {
          const h = murmur32(key);
          const first = points.find((p) => p.position >= h) ?? points[0]!;
          expect(owners[i]).toBe(first.member);
          const pref = preferenceList(points, h, 3);
          expect(pref[0]).toBe(first.member);
          expect(new Set(pref).size).toBe(Math.min(3, n));
        });
      }),
    );
  });

  it('an added member takes keys only for itself', () => {
    const keys = keyNames(5000);
    const ring = makeScheme('ring', { vnodes: 32 });
    const before = ring.assign(keys, names(5));
    const after = ring.assign(keys, names(6));
    before.forEach((o, i) => {
      if (after[i] !== o) expect(after[i]).toBe(5);
    });
  });
});

describe('jump consistent hash', () => {
  it('keys move only to the new bucket, about K/(N+1) of them (Lamping & Veach §2)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 2 ** 31 }), (n, salt) => {
        const K = 4000;
        let moved = 0;
        for (let i = 0; i < K; i++) {
          const key = (BigInt(salt) << 20n) + BigInt(i * 2654435761);
          const a = jumpConsistentHash(key, n);
          const b = jumpConsistentHash(key, n + 1);
          expect(a).toBeGreaterThanOrEqual(0);
          expect(a).toBeLessThan(n);
          if (a !== b) {
            expect(b).toBe(n);
            moved++;
          }
        }
        // Binomial(K, 1/(n+1)): five standard deviations either side.
        const mean = K / (n + 1);
        const sd = Math.sqrt(K * (1 / (n + 1)) * (n / (n + 1)));
        expect(Math.abs(moved - mean)).toBeLessThan(5 * sd + 1);
      }),
      { numRuns: 30 },
    );
  });

  it('matches the reference C++ for known inputs', () => {
    // From the paper's algorithm run in C++ (and in Guava's Hashing.consistentHash tests).
    expect(jumpConsistentHash(0n, 1)).toBe(0);
    expect(jumpConsistentHash(0n, 100)).toBe(0);
    expect(jumpConsistentHash(1n, 100)).toBe(55);
    expect(jumpConsistentHash(0xdeadbeefn, 100)).toBe(jumpConsistentHash(0xdeadbeefn, 100));
  });
});

describe('Maglev', () => {
  it('fills every slot, and each member gets floor(M/N) or ceil(M/N) slots (§3.4)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.constantFrom(251, 1009, 4099), (n, m) => {
        const table = maglevTable(names(n), m);
        const counts = new Array<number>(n).fill(0);
        for (const e of table) {
          expect(e).toBeGreaterThanOrEqual(0);
          counts[e]!++;
        }
        for (const c of counts) {
          expect(c).toBeGreaterThanOrEqual(Math.floor(m / n));
          expect(c).toBeLessThanOrEqual(Math.ceil(m / n));
        }
      }),
    );
  });

  it('the 65,537-entry table is fair and disrupts little when a member is added', () => {
    const a = maglevTable(names(10), 65_537);
    const b = maglevTable(names(11), 65_537);
    const counts = loads([...a], 10);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    let changed = 0;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) changed++;
    // The new member takes 1/11 of the slots; Maglev moves a little more than that (Figure 9).
    expect(changed / a.length).toBeGreaterThan(1 / 11 - 0.005);
    expect(changed / a.length).toBeLessThan(1.6 / 11);
  });
});

describe('bounded loads', () => {
  it('no member ever holds more than ceil(c·K/N) keys', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 600 }), fc.double({ min: 1.01, max: 3, noNaN: true }), (n, k, c) => {
        const owners = makeScheme('bounded', { vnodes: 8, loadFactor: c }).assign(keyNames(k), names(n));
        for (const l of loads(owners, n)) expect(l).toBeLessThanOrEqual(capacity(k, n, c));
        expect(owners.every((o) => o >= 0 && o < n)).toBe(true);
      }),
    );
  });
});

describe('every scheme', () => {
  it.each(SCHEME_NAMES)('%s: owners are members, and the same inputs give the same owners in any key order', (name) => {
    const scheme = makeScheme(name, { vnodes: 16, maglevTableSize: 1009 });
    const keys = keyNames(300);
    const owners = scheme.assign(keys, names(7));
    expect(owners.every((o) => o >= 0 && o < 7)).toBe(true);
    const reversed = scheme.assign([...keys].reverse(), names(7)).reverse();
    expect(reversed).toEqual(owners);
    expect(scheme.assign(keys, names(7))).toEqual(owners);
  });
});

describe('the comparison (10,000 keys, 10 members, one added or removed)', () => {
  const keys = keyNames(10_000);
  const schemes = [
    makeScheme('modulo'),
    makeScheme('ring', { vnodes: 1 }),
    makeScheme('ring', { vnodes: 16 }),
    makeScheme('ring', { vnodes: 256 }),
    makeScheme('jump'),
    makeScheme('maglev'),
    makeScheme('bounded', { vnodes: 64, loadFactor: 1.25 }),
  ];
  const add = compareSchemes(schemes, keys, names(10), names(11));
  const remove = compareSchemes(schemes, keys, names(10), names(9));

  it('prints the table', () => {
    const row = (r: (typeof add)[number]) =>
      `${r.title.padEnd(46)} moved ${String(r.moved).padStart(5)} = ${r.movedOverIdeal.toFixed(2)}x ideal ${r.ideal.toFixed(0)}, imbalance ${r.imbalanceBefore.toFixed(2)} -> ${r.imbalanceAfter.toFixed(2)}`;
    console.log(['add S11:', ...add.map(row), 'remove S10:', ...remove.map(row)].join('\n'));
  });

  it('modulo moves almost everything; ring, jump and Maglev stay near K/N', () => {
    const by = (rows: typeof add, title: string) => rows.find((r) => r.title.startsWith(title))!;
    expect(by(add, 'modulo').moved / keys.length).toBeGreaterThan(0.85);
    expect(by(add, 'jump').movedOverIdeal).toBeLessThan(1.1);
    expect(by(add, 'Maglev').movedOverIdeal).toBeLessThan(1.6);
    expect(by(add, 'consistent hashing, 256').movedOverIdeal).toBeLessThan(1.3);
    // Removing the last member is jump's good case. (A scheme can move fewer than the ideal
    // when the new member gets less than its share: the ideal is the balanced minimum.)
    expect(by(remove, 'jump').movedOverIdeal).toBeLessThan(1.01);
  });

  it('more virtual nodes, less imbalance; Maglev, jump and bounded loads are near 1', () => {
    const imb = (title: string) => add.find((r) => r.title.startsWith(title))!.imbalanceBefore;
    expect(imb('consistent hashing, 1 ')).toBeGreaterThan(imb('consistent hashing, 16'));
    expect(imb('consistent hashing, 16')).toBeGreaterThan(imb('consistent hashing, 256'));
    expect(imb('Maglev')).toBeLessThan(1.1);
    expect(imb('jump')).toBeLessThan(1.1);
    expect(imb('bounded')).toBeLessThanOrEqual(1.25 + 1e-9);
  });

  it('keysMoved compares owners by name', () => {
    expect(keysMoved([0, 1], ['S1', 'S2'], [1, 2], ['S0', 'S1', 'S2'])).toBe(0);
  });
});
