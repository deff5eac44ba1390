import { describe, expect, it } from 'vitest';
import { checkLinearizability, type LinearizabilityResult } from './check';
import { cas, read, write } from './kv-history';
import { kvModel, type KvInput, type KvOperation, type KvOutput } from './kv-model';

const check = (history: KvOperation[]) => checkLinearizability(kvModel, history);

function failed(result: LinearizabilityResult<KvInput, KvOutput>) {
  if (result.ok !== false) throw new Error(`expected a failure, got ${JSON.stringify(result)}`);
  return result;
}

describe('the key-value model: classic histories', () => {
  it('accepts the empty history', () => {
    expect(check([])).toEqual({ ok: true });
  });

  it('accepts reads of null before any write, and a read concurrent with the first write', () => {
    expect(check([read(0, 'x', null, 0, 5), read(1, 'x', null, 10, 20), write(2, 'x', 1, 15, 30), read(3, 'x', 1, 25, 40)])).toEqual({ ok: true });
  });

  it('rejects a read of null after a write completed', () => {
    const stale = read(1, 'x', null, 20, 30);
    const result = failed(check([write(0, 'x', 1, 0, 10), stale]));
    expect(result.key).toBe('x');
    expect(result.minimalHistory).toHaveLength(2);
    expect(result.notLinearized).toEqual([stale]);
  });

  it('rejects a stale read after a completed write, and points at the stale read', () => {
    const w1 = write(0, 'x', 1, 0, 10);
    const r1 = read(1, 'x', 1, 12, 18);
    const w2 = write(0, 'x', 2, 20, 30);
    const stale = read(1, 'x', 1, 40, 50);
    const result = failed(check([w1, r1, w2, stale]));
    // The read of 1 at 12–18 is innocent, and so, strictly, is w1: whether or not it happened
    // (within 0–10 µs), nothing can write 1 after w2 and before the stale read.
    expect(result.minimalHistory).toEqual([w2, stale]);
    expect(result.partialLinearization).toEqual([w2]);
    expect(result.notLinearized).toEqual([stale]);
    expect(result.minimal).toBe(true);
    expect(result.explanation).toContain('Key "x": these 2 operations cannot be linearized');
    expect(result.explanation).toContain('read("x") → 1 by client 1 (40–50 µs)');
  });

  it('accepts a read concurrent with a write returning either the old or the new value', () => {
    const w = write(0, 'x', 2, 10, 40);
    expect(check([write(0, 'x', 1, 0, 5), w, read(1, 'x', 1, 20, 30)])).toEqual({ ok: true });
    expect(check([write(0, 'x', 1, 0, 5), w, read(1, 'x', 2, 20, 30)])).toEqual({ ok: true });
    // ...but not going back once the new value was seen.
    expect(failed(check([write(0, 'x', 1, 0, 5), w, read(1, 'x', 2, 20, 25), read(1, 'x', 1, 26, 30)])).key).toBe('x');
  });

  it('rejects concurrent writes seen in two orders by two readers', () => {
    const w1 = write(0, 'x', 1, 0, 100);
    const w2 = write(1, 'x', 2, 0, 100);
    const aSees1 = read(2, 'x', 1, 10, 20);
    const aSees2 = read(2, 'x', 2, 30, 40);
    const bSees2 = read(3, 'x', 2, 10, 20);
    const bSees1 = read(3, 'x', 1, 30, 40);
    const result = failed(check([w1, w2, aSees1, aSees2, bSees2, bSees1]));
    // The reads alone tell the story: each write happened once, and the readers disagree on
    // their order. Whatever the writes did within 0–100 µs does not matter.
    expect(result.minimalHistory).toEqual([aSees1, bSees2, aSees2, bSees1]);
    expect(result.notLinearized.length).toBeGreaterThan(0);
  });

  it('accepts concurrent writes seen in the same order by two readers', () => {
    expect(
      check([
        write(0, 'x', 1, 0, 100),
        write(1, 'x', 2, 0, 100),
        read(2, 'x', 1, 10, 20),
        read(2, 'x', 2, 30, 40),
        read(3, 'x', 1, 10, 20),
        read(3, 'x', 2, 30, 40),
      ]),
    ).toEqual({ ok: true });
  });

  it('accepts a timed-out write that is observed later, however much later', () => {
    expect(check([write(0, 'x', 1, 0, null), read(1, 'x', null, 10, 20), read(1, 'x', 1, 1_000_000, 1_000_010)])).toEqual({ ok: true });
  });

  it('accepts a timed-out write that is never observed', () => {
    expect(check([write(0, 'x', 1, 0, null), read(1, 'x', null, 10, 20), read(1, 'x', null, 1_000, 1_010)])).toEqual({ ok: true });
  });

  it('rejects a timed-out write observed before its call, or observed and then lost', () => {
    expect(failed(check([read(1, 'x', 1, 0, 5), write(0, 'x', 1, 10, null)])).minimalHistory).toHaveLength(1);
    const lost = failed(check([write(0, 'x', 1, 0, null), read(1, 'x', 1, 10, 20), read(1, 'x', null, 30, 40)]));
    // The timed-out write is optional, hence never needed in the minimal history.
    expect(lost.minimalHistory).toEqual([read(1, 'x', 1, 10, 20), read(1, 'x', null, 30, 40)]);
  });

  it('a timed-out write may still take effect after a later write, and the checker allows it', () => {
    // The first write's message may arrive late: x = 1 after x = 2 is linearizable.
    expect(check([write(0, 'x', 1, 0, null), write(1, 'x', 2, 10, 20), read(1, 'x', 1, 30, 40)])).toEqual({ ok: true });
  });

  it('keeps a timed-out write alive for a failed cas it may explain', () => {
    // x = 1, then cas(1 → 3) fails: only the timed-out write of 2 can have changed x meanwhile.
    const history = [write(0, 'x', 1, 0, 10), write(1, 'x', 2, 20, null), cas(2, 'x', 1, 3, false, 30, 40)];
    expect(check(history)).toEqual({ ok: true });
    expect(check(history.filter((_, i) => i !== 1)).ok).toBe(false);
  });

  it('decides a long history with many timed-out writes nobody observed, within the default budget', () => {
    // Each unobserved timed-out write could double the search (placed or not) for the rest of
    // the history; the model bounds how long each can matter (`lastUseOfTimedOut`).
    // One operation every 100 µs: writes of i at every third, half of them timed out (and
    // never taking effect); reads in between see the latest write that completed.
    const history: KvOperation[] = [];
    let latest: number | null = null;
    for (let i = 0; i < 600; i++) {
      const at = 100 * i;
      if (i % 6 === 0) history.push(write(i % 5, 'x', i, at, null));
      else if (i % 3 === 0) history.push(write(i % 5, 'x', (latest = i), at, at + 50));
      else history.push(read(i % 5, 'x', latest, at, at + 50));
    }
    expect(check(history)).toEqual({ ok: true });
    const stale = read(9, 'x', 3, 60_000, 60_010);
    const result = checkLinearizability(kvModel, [...history, stale]);
    expect(result.ok).toBe(false);
    if (result.ok === false) expect(result.minimalHistory).toContain(stale);
  });

  it('judges compare-and-set: success needs the expected value, failure needs another one', () => {
    expect(check([write(0, 'x', 1, 0, 10), cas(1, 'x', 1, 2, true, 20, 30), read(2, 'x', 2, 40, 50)])).toEqual({ ok: true });
    expect(check([cas(1, 'x', null, 5, true, 0, 10), cas(2, 'x', null, 6, false, 20, 30), read(2, 'x', 5, 40, 50)])).toEqual({ ok: true });
    expect(failed(check([write(0, 'x', 1, 0, 10), cas(1, 'x', 1, 2, false, 20, 30)])).key).toBe('x');
    expect(failed(check([write(0, 'x', 1, 0, 10), cas(1, 'x', 3, 2, true, 20, 30)])).key).toBe('x');
    // Two concurrent cas from the same value: both cannot win.
    expect(failed(check([write(0, 'x', 0, 0, 10), cas(1, 'x', 0, 1, true, 20, 40), cas(2, 'x', 0, 2, true, 20, 40)])).key).toBe('x');
  });

  it('a timed-out cas may or may not have swapped', () => {
    const setup = write(0, 'x', 1, 0, 10);
    expect(check([setup, cas(1, 'x', 1, 2, false, 20, null), read(2, 'x', 2, 30, 40)])).toEqual({ ok: true });
    expect(check([setup, cas(1, 'x', 1, 2, false, 20, null), read(2, 'x', 1, 30, 40)])).toEqual({ ok: true });
  });

  it('treats touching intervals as concurrent (a call at the instant of a return)', () => {
    expect(check([write(0, 'x', 1, 0, 10), read(1, 'x', null, 10, 20)])).toEqual({ ok: true });
    expect(failed(check([write(0, 'x', 1, 0, 10), read(1, 'x', null, 11, 20)])).key).toBe('x');
  });

  it('checks keys apart and names the failing one', () => {
    const history = [
      write(0, 'a', 1, 0, 10),
      write(0, 'b', 1, 0, 10),
      read(1, 'a', 1, 20, 30),
      read(1, 'b', null, 20, 30),
      read(2, 'c', null, 0, 5),
    ];
    const result = failed(check(history));
    expect(result.key).toBe('b');
    expect(result.minimalHistory.every((op) => op.input.key === 'b')).toBe(true);
    // Another key's operations never explain a key's failure: x = 1 on b is not x = 1 on a.
    expect(check([write(0, 'a', 1, 0, 10), read(1, 'b', 1, 20, 30)]).ok).toBe(false);
  });

  it('tells a string from a number', () => {
    expect(failed(check([write(0, 'x', 1, 0, 10), read(1, 'x', '1', 20, 30)])).explanation).toContain('read("x") → "1"');
  });

  it('rejects malformed histories with a message that names the operation', () => {
    expect(() => check([read(0, 'x', null, 10, 5)])).toThrow('history[0] (client 0): returned at 5 µs, before its call at 10 µs');
    expect(() => check([{ client: 3, input: { kind: 'read', key: 'x' }, call: 0, return: 5 }])).toThrow('has no output');
    expect(() => check([read(0, 'x', null, Number.NaN, 5)])).toThrow('not a finite number');
  });

  it('gives the same answer, explanation and all, every time', () => {
    const history = [write(0, 'x', 1, 0, 10), read(1, 'x', 1, 12, 18), write(0, 'x', 2, 20, 30), read(1, 'x', 1, 40, 50)];
    expect(check(history)).toEqual(check([...history]));
  });
});
