import { describe, expect, it } from 'vitest';
import { checkClientHistory, ClientHistoryRecorder } from '../../../engine/check/client-history';
import type { TraceEvent } from '../../../engine/kernel/trace';
import { serverName } from '../../lib/format';
import { barText, describeOp, layoutHistory, marksOf, MAX_ROWS, verdictText } from './model';

let seq = 0;
const invoke = (at: number, node: number, opId: number, command: { type: string; [k: string]: unknown }): TraceEvent => ({ kind: 'invoke', at, node, incarnation: 0, seq: seq++, opId, command });
const ret = (at: number, node: number, opId: number, result: unknown): TraceEvent => ({ kind: 'return', at, node, incarnation: 0, seq: seq++, opId, result });

function history(events: TraceEvent[]) {
  const recorder = new ClientHistoryRecorder();
  for (const e of [...events].sort((a, b) => a.at - b.at)) recorder.observe(e);
  return recorder.all();
}

/**
 * engine/check/kv.test.ts's stale read, in microseconds: w1 writes 1 (0–10 ms) at S1, r1 reads 1
 * (12–18 ms) at S2, w2 writes 2 (20–30 ms) at S1, and S2's read at 40–50 ms still returns 1; a
 * write at S3 never answered, and a forced election at S3.
 */
const events = [
  invoke(0, 0, 1, { type: 'write', value: 1 }),
  ret(10_000, 0, 1, { ok: true }),
  invoke(12_000, 1, 2, { type: 'read' }),
  ret(18_000, 1, 2, { ok: true, value: 1 }),
  invoke(20_000, 0, 3, { type: 'write', value: 2 }),
  ret(30_000, 0, 3, { ok: true }),
  invoke(40_000, 1, 4, { type: 'read' }),
  ret(50_000, 1, 4, { ok: true, value: 1 }),
  invoke(35_000, 2, 5, { type: 'write', value: 9 }),
  invoke(41_000, 2, 6, { type: 'forceElection' }),
  ret(42_000, 2, 6, { ok: false, error: 'not a member' }),
];

describe('the history panel model', () => {
  it('marks the operations the checker cannot order in a known non-linearizable history, and no others', () => {
    const ops = history(events);
    const verdict = checkClientHistory(ops);
    const layout = layoutHistory(ops, 60_000, 100_000, serverName, marksOf(verdict));
    const marked = Object.fromEntries(layout.bars.map((b) => [b.op.opId, b.mark]));
    expect(marked).toEqual({ 1: null, 2: null, 3: 'failing', 4: 'unordered', 5: null, 6: null });
    expect(verdictText({ verdict, upTo: 60_000, overflow: false }, 60_000, false)).toEqual({
      symbol: '✗',
      tone: 'bad',
      text: 'Not linearizable: 2 operations cannot be ordered (key x)',
    });
    const stale = layout.bars.find((b) => b.op.opId === 4)!;
    expect(describeOp(stale.op, serverName, stale.mark)).toBe('S2: read key x, 0.040 s to 0.050 s, returned 1; cannot be ordered (not linearizable)');
  });

  it('lays out one lane per invoking node, bars from call to answer, and the unanswered open to now', () => {
    const layout = layoutHistory(history(events), 60_000, 100_000, serverName);
    expect(layout.lanes.map((l) => l.name)).toEqual(['S1', 'S2', 'S3']);
    const bar = (opId: number) => layout.bars.find((b) => b.op.opId === opId)!;
    expect([bar(1).lane, bar(1).from, bar(1).to, bar(1).open]).toEqual([0, 0, 10_000, false]);
    expect([bar(5).lane, bar(5).from, bar(5).to, bar(5).open]).toEqual([2, 35_000, 60_000, true]);
    // S3's forced election overlaps its pending write: a second row.
    expect([bar(5).row, bar(6).row, layout.lanes[2]!.rows]).toEqual([0, 1, 2]);
    expect([barText(bar(1).op), barText(bar(2).op), barText(bar(6).op)]).toEqual(['W x=1', 'R x→1', 'forceElection']);
    expect(describeOp(bar(6).op, serverName)).toBe('S3: forceElection, 0.041 s to 0.042 s, failed: not a member');
  });

  it('shows the history up to the moment viewed: later calls are left out, later answers still open', () => {
    const layout = layoutHistory(history(events), 15_000, 100_000, serverName);
    expect(layout.bars.map((b) => [b.op.opId, b.to, b.open])).toEqual([
      [1, 10_000, false],
      [2, 15_000, true],
    ]);
    expect(barText(layout.bars[1]!.op)).toBe('R x');
  });

  it('keeps to the window, counts what is still open from before it, and caps the rows of one lane', () => {
    const burst = Array.from({ length: MAX_ROWS + 2 }, (_, i) => invoke(1_000 + i, 0, 100 + i, { type: 'read' }));
    const layout = layoutHistory(history([...events, ...burst]), 60_000, 25_000, serverName);
    expect(layout.bars.some((b) => b.op.opId === 1)).toBe(false); // returned at 10 ms, before the window
    expect(layout.bars.some((b) => b.op.opId === 4)).toBe(true); // 40–50 ms, inside it
    expect(layout.hidden).toBe(0);
    // The unanswered reads began before the window: one count on their lane, no bar each.
    expect(layout.lanes[0]!.carried).toBe(MAX_ROWS + 2);
    const crowd = Array.from({ length: MAX_ROWS + 2 }, (_, i) => invoke(45_000 + i, 0, 200 + i, { type: 'read' }));
    expect(layoutHistory(history([...events, ...crowd]), 60_000, 25_000, serverName).hidden).toBe(2);
  });

  it('says a linearizable history is, and an unknown one is unknown', () => {
    const fine = history(events.slice(0, 6));
    expect(verdictText({ verdict: checkClientHistory(fine), upTo: 30_000, overflow: false }, 40_000, false)).toEqual({
      symbol: '✓',
      tone: 'ok',
      text: 'Linearizable: 3 reads and writes (as of 0.030 s)',
    });
    expect(verdictText({ verdict: { ok: 'unknown', checked: 9, reason: 'budget' }, upTo: 1, overflow: false }, 1, false).symbol).toBe('?');
    expect(verdictText(null, 0, true).text).toBe('Checking the history…');
  });
});
