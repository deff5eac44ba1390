import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../engine/kernel/trace';
import { TraceTail } from './trace-tail';

const base = (seq: number) => ({ at: seq * 10, node: seq % 3, incarnation: 0, seq });
/** A trace with every kind the tail tells apart: sends, timers, marked and unmarked observations, operations. */
function trace(n: number): TraceEvent[] {
  return Array.from({ length: n }, (_, i): TraceEvent => {
    switch (i % 6) {
      case 0:
        return { ...base(i), kind: 'send', to: 1, id: { from: 0, fromIncarnation: 0, fromSeq: i }, dueAt: i * 10 + 5, msg: { type: 'Ping' } };
      case 1:
        return { ...base(i), kind: 'observe', what: 'leader', data: { term: i } };
      case 2:
        return { ...base(i), kind: 'observe', what: 'append', data: { index: i } };
      case 3:
        return { ...base(i), kind: 'invoke', opId: i, command: { type: 'write' } };
      case 4:
        return { ...base(i), kind: 'return', opId: i - 1, result: { ok: true } };
      default:
        return { ...base(i), kind: 'timer', timer: i, name: 'heartbeat' };
    }
  });
}

/** What a status keeps of `events` (coordinator-service.ts): the newest `cap`, and of the rest the marked observations and operations. */
function whatAStatusReads(events: TraceEvent[], cap: number, marked: ReadonlySet<string> | null): TraceEvent[] {
  const cut = Math.max(0, events.length - cap);
  const head = events.slice(0, cut).filter((e) => e.kind === 'invoke' || e.kind === 'return' || (e.kind === 'observe' && (marked === null || marked.has(e.what))));
  return [...head, ...events.slice(cut)];
}

describe('the trace a catch-up keeps', () => {
  for (const marked of [new Set(['leader']), null]) {
    it(`keeps the newest events whole and, before them, what a status still reads (marked: ${marked ? [...marked].join() : 'every observation'})`, () => {
      for (const n of [0, 7, 99, 100, 199, 200, 201, 1_234]) {
        const events = trace(n);
        const tail = new TraceTail(100, marked);
        for (const e of events) tail.push(e);
        const kept = tail.events();
        // Everything a status carries or the history reads is there, in order, and nothing of the newest 100 is lost.
        const expected = whatAStatusReads(events, 100, marked);
        expect(whatAStatusReads(kept, 100, marked)).toEqual(expected);
        expect(kept.slice(-Math.min(100, n))).toEqual(events.slice(-Math.min(100, n)));
        // And it is bounded: never more than twice the tail plus what the status reads of the head.
        expect(kept.length).toBeLessThanOrEqual(expected.length + 100);
      }
    });
  }

  it('keeps only what the head needs until told to keep all, and then reads as if it had kept everything', () => {
    const marked = new Set(['leader']);
    // [events, narrowed after, kept whole again from]
    const cases = [[1_234, 0, 0], [1_234, 0, 900], [1_234, 0, 1_034], [1_234, 0, 1_134], [150, 0, 20], [1_234, 0, 1_200], [1_234, 333, 900], [1_234, 333, 1_200]] as const;
    for (const [n, narrowAt, from] of cases) {
      const events = trace(n);
      const tail = new TraceTail(100, marked);
      events.forEach((e, i) => {
        if (i === narrowAt) tail.keepOnlyNeeded();
        if (i === from) tail.keepAll();
        tail.push(e);
      });
      const kept = tail.events();
      // Enough came after the switch (at least the cap): exactly what keeping everything gives;
      // too few: it says so (the catch-up then runs again keeping everything).
      expect(tail.seen).toBe(n);
      expect(tail.complete).toBe(from === narrowAt || n - from >= 100);
      if (tail.complete) expect(whatAStatusReads(kept, 100, marked)).toEqual(whatAStatusReads(events, 100, marked));
      else expect(whatAStatusReads(kept, 100, marked)).not.toEqual(whatAStatusReads(events, 100, marked));
      // Between narrowing and keeping whole again, only what the head needs was kept.
      expect(kept.filter((e) => e.seq < from).every((e) => e.kind === 'invoke' || e.kind === 'return' || (e.kind === 'observe' && e.what === 'leader'))).toBe(true);
    }
  });

  it('narrows to the marked observations when they are named late (a link opened before the page had loaded)', () => {
    const marked = new Set(['leader']);
    for (const [n, namedAt] of [[1_234, 0], [1_234, 500], [1_234, 1_234], [150, 100]] as const) {
      const events = trace(n);
      const tail = new TraceTail(100, null);
      events.forEach((e, i) => {
        if (i === namedAt) tail.mark(marked);
        tail.push(e);
      });
      if (namedAt === n) tail.mark(marked);
      const kept = tail.events();
      // What a status reads is as if they had been named from the start; no unmarked observation is left in the head.
      expect(whatAStatusReads(kept, 100, marked)).toEqual(whatAStatusReads(events, 100, marked));
      // Older than the uncut tail (under twice the cap), no unmarked observation is left.
      const head = kept.filter((e) => e.seq < n - 200);
      expect(head.some((e) => e.kind === 'observe' && e.what === 'append')).toBe(false);
    }
  });
});
