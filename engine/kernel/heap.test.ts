import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MinHeap } from './heap';

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
