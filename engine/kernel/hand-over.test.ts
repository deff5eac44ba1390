import { describe, expect, it } from 'vitest';
import { checkingHandOver, handOver } from './hand-over';
import { DurableData } from './durable';

/**
 * A value handed over (kernel/hand-over.ts) is shared, not copied: the promise that nobody
 * changes it afterwards is what keeps nodes' memories apart. Under the test runner the kernel
 * freezes it, so every protocol test that changes a handed-over value fails loudly.
 */
describe('hand-over without a copy', () => {
  it('is checked under the test runner', () => {
    expect(checkingHandOver).toBe(true);
  });

  it('freezes the value and everything it references, so a later change throws', () => {
    const entry = { term: 1, kind: 'config', members: [0, 1] };
    const msg = { type: 'AppendEntries', entries: [entry] };
    expect(handOver(msg)).toBe(msg);
    expect(() => {
      (msg.entries[0]!.members as number[]).push(2);
    }).toThrow(TypeError);
    expect(() => {
      msg.entries.length = 0;
    }).toThrow(TypeError);
    expect(entry.members).toEqual([0, 1]);
  });

  it('durable putAt stores a handed-over value itself and a plain putAt a copy', () => {
    const store = new DurableData();
    const given = { term: 2, kind: 'noop' };
    const copied = { term: 3, kind: 'noop' };
    store.putAt('log', 1, given, true);
    store.putAt('log', 2, copied);
    expect(store.getAt('log', 1)).toBe(given);
    expect(store.getAt('log', 2)).not.toBe(copied);
    expect(store.getAt('log', 2)).toEqual(copied);
    expect(() => {
      given.term = 9;
    }).toThrow(TypeError);
    copied.term = 9;
    expect(store.getAt('log', 2)).toEqual({ term: 3, kind: 'noop' });
  });
});
