import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MinHeap } from './test-support/min-heap';

describe('MinHeap', () => {
  it('pops in sorted order, whatever was pushed (against a plain sort)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer()), fc.array(fc.boolean()), (values, popsBetween) => {
        const heap = new MinHeap<number>((a, b) => a - b);
        const model: number[] = [];
        const popped: number[] = [];
        const expected: number[] = [];
        values.forEach((v, i) => {
          heap.push(v);
          model.push(v);
          if (popsBetween[i]) {
            model.sort((a, b) => a - b);
            expected.push(model.shift()!);
            popped.push(heap.pop()!);
          }
        });
        model.sort((a, b) => a - b);
        while (heap.size > 0) popped.push(heap.pop()!);
        expect(popped).toEqual([...expected, ...model]);
      }),
    );
  });
});

describe('stream derivation is frozen', () => {
  it('keeps the seeds of saved scenarios meaning the same runs', async () => {
    const { hash32 } = await import('./hash');
    const { RandomStream } = await import('./random');
    // Pinned values: if these change, every saved scenario and share link replays differently.
    expect([hash32('7/node/0/0'), RandomStream.derive(7, 'link/0/1/0').int(0, 1_000_000)]).toEqual(PINNED);
  });
});
const PINNED = [96176279, 10639];

describe('FaultState partitions', () => {
  it('a partition of one group ends the partition but keeps links cut by hand', async () => {
    const { FaultState } = await import('./faults');
    const f = new FaultState({ latencyUs: { min: 1, max: 1 }, lossRate: 0, duplicateRate: 0 }, 3);
    f.apply({ kind: 'cut', from: 0, to: 1, oneWay: true });
    f.apply({ kind: 'partition', groups: [[0], [1, 2]] });
    expect(f.linkUp(0, 2)).toBe(false);
    f.apply({ kind: 'partition', groups: [] });
    expect(f.linkUp(0, 2)).toBe(true);
    expect(f.linkUp(0, 1)).toBe(false);
    expect(f.describeLinks().groups).toBeNull();
  });
});
