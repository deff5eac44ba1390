import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildRing, hash32, preferenceList } from './ring';

describe('the ring (§4.2, §4.3)', () => {
  it('a preference list is every node once, in the order a linear walk of the ring meets them', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 16 }), fc.string({ maxLength: 12 }), (nodes, vnodes, key) => {
        const ring = buildRing(nodes, vnodes);
        // The dumb version: the token positions in order, starting from the first one >= hash(key).
        const h = hash32(key);
        const after = ring.filter((t) => t.position >= h);
        const before = ring.filter((t) => t.position < h);
        const walk: number[] = [];
        for (const t of [...after, ...before]) if (!walk.includes(t.node)) walk.push(t.node);
        const list = preferenceList(ring, key);
        expect(list).toEqual(walk);
        expect([...list].sort((a, b) => a - b)).toEqual(Array.from({ length: nodes }, (_, i) => i));
      }),
    );
  });

  it('spreads keys over the nodes: with 8 vnodes each of 5 nodes is first for some of 1000 keys', () => {
    const ring = buildRing(5, 8);
    const first = new Array(5).fill(0);
    for (let i = 0; i < 1000; i++) first[preferenceList(ring, `user:${i}`)[0]!]++;
    expect(first.every((c) => c > 80)).toBe(true);
  });
});
