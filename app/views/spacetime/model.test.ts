import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../../engine/kernel/trace';
import { firstAtOrAfter } from '../../lib/trace-search';
import { protocolUi } from '../../protocols/registry';
import { buildDiagram } from './model';

/** Raft's lane marks and message words, from the registry as the page gets them. */
const raft = protocolUi('raft');

let seq = 0;
const ev = (e: Record<string, unknown>) => ({ incarnation: 0, seq: ++seq, ...e }) as TraceEvent;
const id = (from: number, fromSeq: number) => ({ from, fromIncarnation: 0, fromSeq });
const send = (at: number, from: number, to: number, fromSeq: number, dueAt: number, type = 'AppendEntries') =>
  ev({ kind: 'send', at, node: from, to, id: id(from, fromSeq), dueAt, msg: { type, entries: [] } });

describe('buildDiagram', () => {
  const trace: TraceEvent[] = [
    send(1_000, 0, 1, 1, 11_000),
    ev({ kind: 'deliver', at: 11_000, node: 1, from: 0, id: id(0, 1), sentAt: 1_000, msgType: 'AppendEntries' }),
    send(20_000, 0, 2, 2, 20_000),
    ev({ kind: 'drop', at: 20_000, node: 0, from: 0, to: 2, id: id(0, 2), reason: 'link-down', msgType: 'AppendEntries' }),
    ev({ kind: 'observe', at: 30_000, node: 1, what: 'election', data: { term: 2 } }),
    send(40_000, 1, 0, 1, 60_000, 'RequestVote'),
    ev({ kind: 'crash', at: 45_000, node: 2 }),
    send(48_000, 0, 1, 3, 58_000),
    ev({ kind: 'action', at: 49_000, node: -1, action: { kind: 'cut', from: 0, to: 1, oneWay: true } }),
    ev({ kind: 'drop', at: 58_000, node: 1, from: 0, to: 1, id: id(0, 3), reason: 'link-down', msgType: 'AppendEntries' }),
  ];

  it('matches sends with their delivery or loss and draws the rest in flight', () => {
    const d = buildDiagram(trace, 50_000, 50_000);
    const byKey = new Map(d.messages.map((m) => [m.key, m]));
    expect(byKey.get('0.0.1')).toMatchObject({ status: 'delivered', endAt: 11_000, progress: 1 });
    expect(byKey.get('0.0.2')).toMatchObject({ status: 'dropped', atSend: true, reason: 'link-down' });
    expect(byKey.get('1.0.1')).toMatchObject({ status: 'flight', endAt: 50_000, progress: 0.5 });
    // Its loss lies after `now`: at `now` it is still on its way.
    expect(byKey.get('0.0.3')).toMatchObject({ status: 'flight', progress: 0.2 });
    expect(buildDiagram(trace, 60_000, 60_000).messages.find((m) => m.key === '0.0.3')).toMatchObject({ status: 'dropped', atSend: false });
  });

  it('keeps only what reaches into the window, and finds markers and down spans', () => {
    const d = buildDiagram(trace, 50_000, 15_000);
    expect(d.messages.map((m) => m.key)).toEqual(['1.0.1', '0.0.3']);
    expect(d.markers.map((m) => [m.kind, m.node, m.label])).toEqual([
      ['crash', 2, 'crash'],
      ['action', -1, 'cut S1⇸S2'],
    ]);
    expect(d.down).toEqual([{ node: 2, from: 45_000, to: 50_000 }]);
    expect(buildDiagram(trace, 50_000, 25_000, [], raft.observations).markers[0]).toMatchObject({ kind: 'election', label: 'T2', mark: { title: 'election for term 2', fill: 'var(--term-2)' } });
  });

  it('adds messages in flight the trace no longer holds', () => {
    const d = buildDiagram([], 100, 100, [
      { key: '3.1.9', id: id(3, 9), from: 3, to: 0, type: 'PreVote', sentAt: 50, dueAt: 150, msg: { type: 'PreVote' } },
    ]);
    expect(d.messages).toEqual([expect.objectContaining({ key: '3.1.9', status: 'flight', progress: 0.5 })]);
  });

  it('shows the first moments of a run on a full-width axis from zero', () => {
    expect(buildDiagram(trace, 50_000, 300_000)).toMatchObject({ start: 0, end: 300_000, now: 50_000 });
    expect(buildDiagram(trace, 500_000, 300_000)).toMatchObject({ start: 200_000, end: 500_000, now: 500_000 });
  });

  it('finds the window by binary search', () => {
    expect(firstAtOrAfter(trace, 20_000)).toBe(2);
    expect(firstAtOrAfter(trace, 0)).toBe(0);
    expect(firstAtOrAfter(trace, 1e9)).toBe(trace.length);
  });
});

describe('messageSentence', () => {
  it('says what a message is, its answer and its fate', async () => {
    const { messageSentence } = await import('./spacetime');
    const base = { key: '1.0.4', from: 1, to: 0, sentAt: 1_000_000, dueAt: 1_012_000, progress: 1, reason: null, atSend: false };
    expect(
      messageSentence({ ...base, type: 'RequestVoteResponse', msg: { type: 'RequestVoteResponse', term: 4, granted: true }, status: 'delivered', endAt: 1_012_000 }, raft.messages),
    ).toBe('RequestVote reply S2→S1, term 4, granted, sent 1.000 s, delivered 1.012 s');
    expect(
      messageSentence({ ...base, type: 'AppendEntries', msg: { type: 'AppendEntries', term: 4, entries: [] }, status: 'dropped', endAt: 1_012_000, reason: 'link-down' }, raft.messages),
    ).toBe('Heartbeat S2→S1, term 4, sent 1.000 s, lost 1.012 s (link down)');
  });
});

describe('paused nodes and forged messages in the diagram', () => {
  it('draws a paused band from the pause to the resume (or the crash), and flags forged sends', async () => {
    const { buildDiagram } = await import('./model');
    let n = 0;
    const e = (x: Record<string, unknown>) => ({ incarnation: 0, seq: ++n, ...x }) as unknown as import('../../../engine/kernel/trace').TraceEvent;
    const trace = [
      e({ kind: 'pause', at: 10_000, node: 1 }),
      e({ kind: 'send', at: 12_000, node: 0, to: 2, id: { from: 0, fromIncarnation: 0, fromSeq: 1 }, dueAt: 20_000, msg: { type: 'Pong', nonce: -3 }, forged: true }),
      e({ kind: 'pause', at: 15_000, node: 2 }),
      e({ kind: 'resume', at: 30_000, node: 1, held: 4 }),
      e({ kind: 'crash', at: 35_000, node: 2 }),
      e({ kind: 'pause', at: 40_000, node: 0 }),
    ];
    const d = buildDiagram(trace, 50_000, 100_000);
    expect(d.paused).toEqual([
      { node: 1, from: 10_000, to: 30_000 },
      { node: 2, from: 15_000, to: 35_000 },
      { node: 0, from: 40_000, to: 50_000 },
    ]);
    expect(d.messages.map((m) => m.forged)).toEqual([true]);
    // Pause and resume are drawn on the node's lane, not as rules across every lane.
    expect(d.markers.filter((m) => m.kind === 'action')).toEqual([]);
  });
});
