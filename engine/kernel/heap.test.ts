import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventHeap } from './heap';
import { MinHeap } from './test-support/min-heap';
import { compareKeys, type EventKey } from './key';

/**
 * EventHeap decides most comparisons by the instant kept beside each event and only ties by the
 * whole key: it must hand out exactly MinHeap's order for any pushes, pops and extractions.
 * Instants are drawn from a few values so ties (same instant, different node or origin) are
 * common. fast-check prints the seed and the shrunk operations on failure.
 */
const key = fc.record({
  at: fc.integer({ min: 0, max: 6 }),
  node: fc.integer({ min: -1, max: 3 }),
  originNode: fc.integer({ min: -1, max: 3 }),
  originIncarnation: fc.integer({ min: 0, max: 2 }),
  originSeq: fc.integer({ min: 0, max: 9 }),
});
const op = fc.oneof(
  { weight: 4, arbitrary: key.map((k) => ({ op: 'push' as const, key: k })) },
  { weight: 3, arbitrary: fc.constant({ op: 'pop' as const }) },
  { weight: 1, arbitrary: fc.integer({ min: -1, max: 3 }).map((node) => ({ op: 'extract' as const, node })) },
);

describe('EventHeap', () => {
  it('hands out events in MinHeap order, ties on the instant included', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 120 }), (ops) => {
        const fast = new EventHeap<EventKey>(compareKeys);
        const plain = new MinHeap<EventKey>(compareKeys);
        for (const o of ops) {
          if (o.op === 'push') (fast.push(o.key), plain.push(o.key));
          else if (o.op === 'pop') expect(fast.pop()).toBe(plain.pop());
          else expect(fast.extract((k) => k.node === o.node)).toEqual(plain.extract((k) => k.node === o.node));
          expect(fast.size).toBe(plain.size);
          expect(fast.peek()).toBe(plain.peek());
          expect(fast.peekAt()).toBe(plain.peek()?.at ?? Number.MAX_SAFE_INTEGER);
        }
        expect(fast.sorted()).toEqual(plain.sorted());
        while (plain.size > 0) expect(fast.pop()).toBe(plain.pop());
      }),
      { numRuns: 300 },
    );
  });
});
