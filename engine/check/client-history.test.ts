import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../kernel/trace';
import { checkClientHistory, ClientHistoryRecorder, mergeHistory, truncateHistory, type ClientOp } from './client-history';

/** A client history as the kernel records it: invoke and return trace events. */
let seq = 0;
const invoke = (at: number, node: number, opId: number, command: { type: string; [k: string]: unknown }): TraceEvent => ({ kind: 'invoke', at, node, incarnation: 0, seq: seq++, opId, command });
const ret = (at: number, node: number, opId: number, result: unknown): TraceEvent => ({ kind: 'return', at, node, incarnation: 0, seq: seq++, opId, result });

function record(events: TraceEvent[]): ClientHistoryRecorder {
  const recorder = new ClientHistoryRecorder();
  for (const e of [...events].sort((a, b) => a.at - b.at)) recorder.observe(e);
  return recorder;
}

/**
 * engine/check/kv.test.ts's stale read, as trace events: w1 writes 1 (0–10), r1 reads 1 (12–18),
 * w2 writes 2 (20–30), and a read at 40–50 still returns 1.
 */
const staleRead = [
  invoke(0, 0, 1, { type: 'write', value: 1 }),
  ret(10, 0, 1, { ok: true, index: 1 }),
  invoke(12, 1, 2, { type: 'read' }),
  ret(18, 1, 2, { ok: true, value: 1 }),
  invoke(20, 0, 3, { type: 'write', value: 2 }),
  ret(30, 0, 3, { ok: true, index: 2 }),
  invoke(40, 1, 4, { type: 'read' }),
  ret(50, 1, 4, { ok: true, value: 1 }),
];

describe('the client history of a run, from its trace', () => {
  it('reads reads, writes and other commands, with keys, values and answers', () => {
    const ops = record([
      ...staleRead.slice(0, 4),
      invoke(5, 2, 9, { type: 'write', key: 'y', value: 'a' }),
      invoke(6, 2, 10, { type: 'forceElection' }),
      ret(7, 2, 10, { ok: true, term: 2 }),
      invoke(8, 0, 11, { type: 'read', key: 'y' }),
      ret(9, 0, 11, { ok: false, error: 'no leader' }),
    ]).all();
    expect(ops.map((op) => [op.opId, op.kind, op.label, op.key, op.value, op.call, op.ret, op.ok])).toEqual([
      [1, 'write', 'write', 'x', 1, 0, 10, true],
      [9, 'write', 'write', 'y', 'a', 5, null, null],
      [10, 'other', 'forceElection', null, null, 6, 7, true],
      [11, 'read', 'read', 'y', null, 8, 9, false],
      [2, 'read', 'read', 'x', 1, 12, 18, true],
    ]);
    expect(ops.find((op) => op.opId === 11)!.error).toBe('no leader');
  });

  it('marks the minimal failing sub-history of a stale read: the later write and the read, the read as the one that cannot be placed', () => {
    const verdict = checkClientHistory(record(staleRead).all());
    expect(verdict.ok).toBe(false);
    if (verdict.ok !== false) return;
    expect(verdict.key).toBe('x');
    expect(verdict.failing).toEqual([3, 4]);
    expect(verdict.notLinearized).toEqual([4]);
    expect(verdict.explanation).toContain('cannot be linearized');
  });

  it('finds the same history linearizable when the last read saw the new value, or only writes happened', () => {
    const fresh = staleRead.slice(0, 7).concat(ret(50, 1, 4, { ok: true, value: 2 }));
    expect(checkClientHistory(record(fresh).all())).toEqual({ ok: true, checked: 4 });
    const writesOnly = staleRead.filter((e) => (e.kind === 'invoke' || e.kind === 'return') && e.opId !== 2 && e.opId !== 4);
    expect(checkClientHistory(record(writesOnly).all()).ok).toBe(true);
  });

  it('takes a refused or unanswered write as one that may have happened: it can explain a read, never fail one', () => {
    const maybe = [invoke(0, 0, 1, { type: 'write', value: 7 }), ret(5, 0, 1, { ok: false, error: 'not leader' }), invoke(20, 1, 2, { type: 'read' }), ret(30, 1, 2, { ok: true, value: 7 })];
    expect(checkClientHistory(record(maybe).all()).ok).toBe(true);
    const never = [invoke(0, 1, 2, { type: 'read' }), ret(30, 1, 2, { ok: true, value: 7 })];
    expect(checkClientHistory(record(never).all()).ok).toBe(false);
  });

  it('judges keys apart: a stale read on one key does not taint another', () => {
    const other = staleRead.map((e) => (e.kind === 'invoke' ? { ...e, opId: e.opId + 100, command: { ...e.command, key: 'k2' } } : { ...e, opId: (e as { opId: number }).opId + 100 }));
    const verdict = checkClientHistory(record([...staleRead.slice(0, 6), ...other]).all());
    expect(verdict.ok === false && verdict.key).toBe('k2');
    expect(verdict.ok === false && verdict.failing).toEqual([103, 104]);
  });

  it('is cut at a restart point exactly as replaying from there rebuilds it, in the recorder and in a copy alike', () => {
    const whole = record(staleRead);
    const copy = mergeHistory([], null, whole.takeChanges());
    // The run goes back to t = 15: r1 (12–18) is pending again, later operations are gone.
    whole.truncate(15);
    const cut = mergeHistory(copy, 15, whole.takeChanges());
    const expected = record(staleRead.filter((e) => e.at < 15)).all();
    expect(whole.all()).toEqual(expected);
    expect(cut).toEqual(expected);
    expect(truncateHistory(copy, 15)).toEqual(expected);
    // Replaying from there brings the same history back.
    for (const e of staleRead.filter((e) => e.at >= 15)) whole.observe(e);
    expect(mergeHistory(cut, null, whole.takeChanges())).toEqual(record(staleRead).all());
  });

  it('sends each changed operation once, in its latest form', () => {
    const recorder = new ClientHistoryRecorder();
    recorder.observe(staleRead[0]!);
    expect(recorder.takeChanges().map((op: ClientOp) => op.ret)).toEqual([null]);
    recorder.observe(staleRead[1]!);
    recorder.observe(staleRead[1]!); // a second answer is ignored
    expect(recorder.takeChanges().map((op) => op.ret)).toEqual([10]);
    expect(recorder.takeChanges()).toEqual([]);
  });
});
