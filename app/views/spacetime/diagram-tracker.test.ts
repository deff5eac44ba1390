import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TimedAction } from '../../../engine/kernel/actions';
import type { TraceEvent } from '../../../engine/kernel/trace';
import { InProcessRunner } from '../../../engine/runner/inprocess';
import { defaultScenario } from '../../../engine/scenario/schema';
import { protocolUi } from '../../protocols/registry';
import type { InFlightMessage } from '../../store/types';
import { DiagramTracker } from './diagram-tracker';
import { LOOKBACK_US, buildDiagram } from './model';

const raft = protocolUi('raft');

/**
 * A run with crashes, a restart, a cut, loss and duplicates, and a
 * pause longer than the lookback (messages held past it): every kind of lane event and line.
 */
function runTrace(): TraceEvent[] {
  const network = { ...defaultScenario({ protocol: 'raft' }).network, lossRate: 0.02, duplicateRate: 0.05 };
  const timeline: TimedAction[] = [
    { at: 400_000, action: { kind: 'crash', node: 2 } },
    { at: 700_000, action: { kind: 'cut', from: 0, to: 3, oneWay: false } },
    { at: 900_000, action: { kind: 'pause', node: 4 } },
    { at: 1_300_000, action: { kind: 'restart', node: 2 } },
    { at: 2_100_000, action: { kind: 'crash', node: 5 } },
    { at: 2_600_000, action: { kind: 'heal' } },
    { at: 3_600_000, action: { kind: 'resume', node: 4 } },
  ];
  const scenario = defaultScenario({ protocol: 'raft', nodes: 7, seed: 5, network, timeline });
  const trace: TraceEvent[] = [];
  new InProcessRunner(scenario, { sink: (e) => trace.push(e) }).runUntil(5_000_000);
  return trace;
}

const trace = runTrace();
const inFlight: InFlightMessage[] = [
  { key: '6.1.999', id: { from: 6, fromIncarnation: 1, fromSeq: 999 }, from: 6, to: 1, type: 'AppendEntries', sentAt: 10_000, dueAt: 3_900_000, msg: { type: 'AppendEntries' } },
];

/** How the store hands the page its trace: a new array per status, trimmed at its start past a cap. */
type Step =
  | { kind: 'advance'; us: number }
  | { kind: 'seek'; to: number }
  | { kind: 'window'; us: number }
  | { kind: 'trim'; keep: number }
  | { kind: 'restart'; back: number };

describe('DiagramTracker', () => {
  it('has a run in time order with every kind of event the diagram reads', () => {
    expect(trace.every((e, i) => i === 0 || trace[i - 1]!.at <= e.at)).toBe(true);
    const kinds = new Set(trace.map((e) => e.kind));
    for (const k of ['send', 'deliver', 'drop', 'crash', 'start', 'pause', 'resume', 'observe', 'action']) expect(kinds).toContain(k);
    // Sent to the paused node and delivered at its resume, more than the lookback later.
    expect(trace.some((e) => e.kind === 'deliver' && e.at - e.sentAt > LOOKBACK_US)).toBe(true);
  });

  it('builds what buildDiagram builds, played through at 1x a redraw at a time', () => {
    const tracker = new DiagramTracker();
    let held: TraceEvent[] = [];
    let recorded = 0;
    for (let now = 0; now <= 5_000_000; now += 37_000) {
      // A status per redraw: a new array, the old one plus what happened since.
      held = held.concat(trace.filter((e) => e.at > recorded && e.at <= now));
      recorded = now;
      expect(tracker.build(held, now, 300_000, inFlight, raft.observations)).toEqual(buildDiagram(held, now, 300_000, inFlight, raft.observations));
    }
  });

  it('builds what buildDiagram builds, as the page plays, seeks, trims and restarts its trace', () => {
    const step = fc.oneof(
      { weight: 6, arbitrary: fc.record({ kind: fc.constant('advance' as const), us: fc.integer({ min: 0, max: 200_000 }) }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('seek' as const), to: fc.integer({ min: 0, max: 5_000_000 }) }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('window' as const), us: fc.constantFrom(100_000, 300_000, 1_000_000, 3_000_000) }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('trim' as const), keep: fc.integer({ min: 500, max: 6_000 }) }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('restart' as const), back: fc.integer({ min: 0, max: 500_000 }) }) },
    );
    fc.assert(
      fc.property(fc.array(step as fc.Arbitrary<Step>, { minLength: 1, maxLength: 40 }), (steps) => {
        const tracker = new DiagramTracker();
        let now = 0;
        let windowUs = 300_000;
        // What the store holds: the recorded trace up to `recorded`, minus what a trim let go.
        let recorded = 0;
        let held: TraceEvent[] = [];
        // After a replay the events are made again: equal, but new objects.
        let replayed = false;
        const extendTo = (t: number) => {
          if (t <= recorded) return;
          const more = trace.filter((e) => e.at > recorded && e.at <= t);
          held = held.concat(replayed ? more.map((e) => ({ ...e })) : more);
          recorded = t;
        };
        for (const s of steps) {
          if (s.kind === 'advance') now = Math.min(5_000_000, now + s.us);
          else if (s.kind === 'seek') now = s.to;
          else if (s.kind === 'window') windowUs = s.us;
          else if (s.kind === 'trim') {
            if (held.length > s.keep) held = held.slice(held.length - s.keep);
          } else {
            // A replay from an earlier moment: the recorded future after it is thrown away and made again.
            const at = Math.max(0, now - s.back);
            held = held.filter((e) => e.at < at);
            recorded = Math.max(0, at - 1);
            replayed = true;
          }
          extendTo(now);
          const expected = buildDiagram(held, now, windowUs, inFlight, raft.observations);
          expect(tracker.build(held, now, windowUs, inFlight, raft.observations)).toEqual(expected);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('ends a line at its last end, as buildDiagram does, should a message end twice', () => {
    const id = { from: 0, fromIncarnation: 0, fromSeq: 1 };
    const twice = [
      { kind: 'send', at: 1_000, node: 0, incarnation: 0, seq: 1, to: 1, id, dueAt: 11_000, msg: { type: 'AppendEntries' } },
      { kind: 'deliver', at: 52_000, node: 1, incarnation: 0, seq: 1, from: 0, id, sentAt: 1_000, msgType: 'AppendEntries' },
      { kind: 'drop', at: 60_000, node: 1, incarnation: 0, seq: 2, from: 0, to: 1, id, reason: 'link-down', msgType: 'AppendEntries' },
    ] as TraceEvent[];
    const tracker = new DiagramTracker();
    for (const now of [20_000, 40_000, 70_000, 90_000]) {
      const expected = buildDiagram(twice, now, 20_000);
      expect(tracker.build(twice, now, 20_000)).toEqual(expected);
    }
    expect(buildDiagram(twice, 70_000, 20_000).messages).toEqual([expect.objectContaining({ status: 'dropped', endAt: 60_000 })]);
  });

  it('reads the trace afresh for another protocol', () => {
    const tracker = new DiagramTracker();
    tracker.build(trace, 2_000_000, 300_000, [], raft.observations);
    expect(tracker.build(trace, 2_050_000, 300_000, [], {})).toEqual(buildDiagram(trace, 2_050_000, 300_000, [], {}));
  });
});
