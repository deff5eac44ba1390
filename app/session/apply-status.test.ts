import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../engine/kernel/trace';
import { STATUS_TRACE_CAP, type CoordinatorStatus } from '../../workers/coordinator-service';
import { TRACE_HISTORY_CAP } from '../store/types';
import { useSim } from '../store/store';
import { applyStatus } from './apply-status';

const base = useSim.getState();

function status(partial: Partial<CoordinatorStatus>): CoordinatorStatus {
  return {
    now: 1000,
    recordedUntil: 1000,
    traceHash: 'abc',
    events: 0,
    reports: [],
    reportsComplete: false,
    history: [],
    links: { cuts: [], groups: null, network: { latencyUs: { min: 1, max: 2 }, lossRate: 0, duplicateRate: 0 } },
    violation: null,
    trace: [],
    traceRestartedAt: null,
    actions: [],
    checking: false,
    ...partial,
  };
}

const leader = (at: number, node: number, term: number): TraceEvent => ({ kind: 'observe', at, node, incarnation: 0, seq: at, what: 'leader', data: { term } });

describe('applyStatus', () => {
  it('is sent after a long jump exactly as many newest events as it keeps', () => {
    // Fewer and the event log after a jump would hold less than the page keeps elsewhere (the
    // seek-back lead reads its oldest event); more and the coordinator posts what is thrown away.
    expect(STATUS_TRACE_CAP).toBe(TRACE_HISTORY_CAP);
  });


  it('appends new trace events and turns leader observations into timeline markers', () => {
    const patch = applyStatus(base, status({ trace: [leader(500, 2, 1)] }));
    expect(patch.trace).toHaveLength(1);
    expect(patch.markers).toEqual([{ at: 500, kind: 'leader', label: 'S3 leads term 1' }]);
  });

  it('marks the timeline with the observations a long jump left out of its trace, without keeping them in the trace', () => {
    const patch = applyStatus(base, status({ trace: [leader(9000, 1, 3)], elidedObservations: [leader(500, 2, 1), leader(4000, 0, 2)] }));
    expect(patch.trace).toHaveLength(1);
    expect(patch.markers!.map((m) => [m.at, m.label])).toEqual([
      [500, 'S3 leads term 1'],
      [4000, 'S1 leads term 2'],
      [9000, 'S2 leads term 3'],
    ]);
  });

  it('after a seek back, drops the trace from the restart point but keeps the recorded future\'s markers in place, once each', () => {
    const before = { ...base, ...applyStatus(base, status({ now: 3000, recordedUntil: 3000, trace: [leader(500, 2, 1), leader(2500, 0, 2)] })) };
    const back = { ...before, ...applyStatus(before, status({ now: 2200, recordedUntil: 3000, traceRestartedAt: 2000, trace: [] })) };
    expect(back.trace.map((e) => e.at)).toEqual([500]);
    expect(back.markers.map((m) => m.at)).toEqual([500, 2500]);
    // Playing on replays the same election: it is not marked a second time.
    const replayed = applyStatus(back, status({ now: 3000, recordedUntil: 3000, trace: [leader(2500, 0, 2)] }));
    expect(replayed.markers!.map((m) => [m.at, m.label])).toEqual([
      [500, 'S3 leads term 1'],
      [2500, 'S1 leads term 2'],
    ]);
  });

  it('after a fork, drops the old future\'s markers', () => {
    const before = { ...base, ...applyStatus(base, status({ now: 3000, recordedUntil: 3000, trace: [leader(500, 2, 1), leader(2500, 0, 2)] })) };
    const forked = applyStatus(before, status({ now: 2200, recordedUntil: 2200, trace: [] }));
    expect(forked.markers!.map((m) => m.at)).toEqual([500]);
  });

  it('lists messages in flight from every node, keyed as the drop action names them', () => {
    const patch = applyStatus(
      base,
      status({
        reports: [
          {
            id: 1,
            incarnation: 0,
            up: true,
            view: { protocol: { role: 'follower' }, timers: [] },
            inbound: [{ kind: 'msg', at: 900, node: 1, originNode: 0, originIncarnation: 2, originSeq: 7, sentAt: 880, msg: { type: 'AppendEntries' } }],
          },
        ],
      }),
    );
    expect(patch.inFlight).toEqual([
      expect.objectContaining({ key: '0.2.7', from: 0, to: 1, type: 'AppendEntries', sentAt: 880, dueAt: 900 }),
    ]);
    expect(patch.nodes![0]).toMatchObject({ name: 'S2', up: true, view: { role: 'follower' } });
  });

  it('shows actions on the timeline, saying who acted unless it was the user, but not every client write', () => {
    const patch = applyStatus(
      base,
      status({
        actions: [
          { at: 10, action: { kind: 'crash', node: 0 }, by: 'user' },
          { at: 20, action: { kind: 'command', node: 0, command: { type: 'write', value: 1 } }, by: 'user' },
          { at: 30, action: { kind: 'crash', node: 1 } },
          { at: 40, action: { kind: 'crash', node: 2 }, by: 'nemesis' },
        ],
      }),
    );
    expect(patch.markers).toEqual([
      { at: 10, kind: 'action', label: 'S1 crashed' },
      { at: 30, kind: 'action', label: 'scenario: S2 crashed' },
      { at: 40, kind: 'action', label: 'nemesis: S3 crashed' },
    ]);
  });
});

describe('applyStatus and dropped messages', () => {
  it('hides a message the user clicked away before its loss is recorded', () => {
    const patch = applyStatus(
      base,
      status({
        actions: [{ at: 890, action: { kind: 'drop', id: { from: 0, fromIncarnation: 0, fromSeq: 7 } } }],
        reports: [
          {
            id: 1,
            incarnation: 0,
            up: true,
            view: null,
            inbound: [
              { kind: 'msg', at: 900, node: 1, originNode: 0, originIncarnation: 0, originSeq: 7, sentAt: 880, msg: { type: 'AppendEntries' } },
              { kind: 'msg', at: 905, node: 1, originNode: 0, originIncarnation: 0, originSeq: 8, sentAt: 885, msg: { type: 'AppendEntries' } },
            ],
          },
        ],
      }),
    );
    expect(patch.inFlight!.map((m) => m.key)).toEqual(['0.0.8']);
  });
});

describe('applyStatus merges what changed', () => {
  const report = (id: number, role: string, inboundFrom: number[]) => ({
    id,
    incarnation: 0,
    up: true,
    view: { protocol: { role }, timers: [] },
    inbound: inboundFrom.map((from, i) => ({ kind: 'msg' as const, at: 900 + i, node: id, originNode: from, originIncarnation: 0, originSeq: i, sentAt: 880, msg: { type: 'AppendEntries' } })),
  });

  it('keeps the nodes, messages, network and timeline a status leaves out, and replaces them all when it is complete', () => {
    const first = { ...base, ...applyStatus(base, status({ reportsComplete: true, reports: [report(0, 'leader', [1]), report(1, 'follower', [0])], actions: [{ at: 10, action: { kind: 'crash', node: 2 } }] })) };
    const second = { ...first, ...applyStatus(first, status({ reports: [report(1, 'candidate', [])], links: null, actions: null })) };
    expect(second.nodes.map((n) => [n.id, n.view?.role])).toEqual([
      [0, 'leader'],
      [1, 'candidate'],
    ]);
    expect(second.inFlight.map((m) => [m.from, m.to])).toEqual([[1, 0]]);
    expect(second.links).toEqual(first.links);
    expect(second.actions).toEqual(first.actions);
    const rebuilt = applyStatus(second, status({ reportsComplete: true, reports: [report(2, 'follower', [])] }));
    expect(rebuilt.nodes!.map((n) => n.id)).toEqual([2]);
    expect(rebuilt.inFlight).toEqual([]);
  });
});
