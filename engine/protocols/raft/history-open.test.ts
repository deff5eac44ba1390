import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../kernel/trace';
import { raftHistoryMonitor } from './history';
import { raftHistoryMonitor as monitorBefore } from './fixtures/history-before-issue-12';

/**
 * Issue 12 keeps the history monitor's open operations in a Map instead of an object keyed by
 * op id. Fed any stream of invocations and answers, it must hold and snapshot exactly what the
 * old monitor (fixtures/, verbatim) did, judge alike, and restore from either's snapshot.
 * Streams come from a seed (fast-check prints it on failure); long ones pass the compaction
 * threshold (4096 operations of writes only).
 */
function stream(seed: number, length: number, reads: boolean): TraceEvent[] {
  let x = seed >>> 0 || 1;
  const next = (n: number) => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) % n;
  };
  const events: TraceEvent[] = [];
  const open: number[] = [];
  let opId = 0;
  let at = 0;
  for (let i = 0; i < length; i++) {
    at += next(3) * 1000;
    const base = { at, node: next(5), incarnation: 0, seq: i };
    if (open.length === 0 || next(2) === 0) {
      const id = ++opId;
      const read = reads && next(4) === 0;
      const command = read ? { type: 'read' } : next(20) === 0 ? { type: 'poke' } : { type: 'write', value: next(50), ...(next(3) === 0 ? { key: `k${next(3)}` } : {}) };
      events.push({ ...base, kind: 'invoke', opId: id, command });
      open.push(id);
    } else {
      const k = next(open.length);
      const id = next(10) === 0 ? opId + 5 : open[k]!; // now and then an answer to no open operation
      if (next(5) !== 0) open.splice(k, 1); // sometimes answered twice
      const results = [{ ok: true }, { ok: true, value: next(50) }, { ok: true, value: null }, { ok: false, error: 'no leader' }, { ok: false, error: 'timeout' }, undefined];
      events.push({ ...base, kind: 'return', opId: id, result: results[next(results.length)] });
    }
  }
  return events;
}

describe('the Raft history monitor', () => {
  it('holds, snapshots and judges any client history exactly as before issue 12', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 0, max: 400 }), fc.boolean(), (seed, length, reads) => {
        const now = raftHistoryMonitor();
        const old = monitorBefore();
        const events = stream(seed, length, reads);
        for (const [i, e] of events.entries()) {
          now.observe(e);
          old.observe(e);
          if (i % 97 === 0) expect(now.snapshot()).toStrictEqual(old.snapshot());
        }
        expect(now.snapshot()).toStrictEqual(old.snapshot());
        const end = { untilUs: at(events), healedAtUs: null };
        expect(now.finish(end)).toEqual(old.finish(end));
        // Each restores from the other's snapshot and goes on alike.
        const a = raftHistoryMonitor();
        a.restore(old.snapshot());
        const b = monitorBefore();
        b.restore(now.snapshot());
        for (const e of stream(seed + 1, 50, reads)) (a.observe(e), b.observe(e));
        expect(a.snapshot()).toStrictEqual(b.snapshot());
      }),
      { numRuns: 60 },
    );
  });

  it('compacts a long history of writes as before (past 4096 operations)', () => {
    for (const seed of [7, 12345]) {
      const now = raftHistoryMonitor();
      const old = monitorBefore();
      for (const e of stream(seed, 12_000, false)) (now.observe(e), old.observe(e));
      expect(now.snapshot()).toStrictEqual(old.snapshot());
      expect(now.state().kind.length).toBeLessThan(4096);
    }
  });
});

const at = (events: TraceEvent[]) => events[events.length - 1]?.at ?? 0;
