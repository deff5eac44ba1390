import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../kernel/trace';
import { InProcessRunner } from '../runner/inprocess';
import { defaultScenario } from '../scenario/schema';
import { findMeasure, measureInfo, measureTrace } from './measures';

/** The generic measures: what any protocol's trace can be measured by. */
const base = { node: 0, incarnation: 0 };
const observe = (at: number, what: string): TraceEvent => ({ ...base, at, seq: at, kind: 'observe', what, data: undefined }) as TraceEvent;
const metric = (at: number, name: string, value: number): TraceEvent => ({ ...base, at, seq: at, kind: 'metric', name, value }) as TraceEvent;
const send = (at: number): TraceEvent => ({ ...base, at, seq: at, kind: 'send' }) as unknown as TraceEvent;
const invoke = (at: number): TraceEvent => ({ ...base, at, seq: at, kind: 'invoke', opId: at, command: { type: 'x' } }) as TraceEvent;

describe('generic measures', () => {
  const trace = [observe(1_000, 'trust'), observe(2_500, 'suspect'), observe(4_000, 'suspect'), send(10), send(11), send(12), invoke(13), invoke(14), metric(20, 'rttMs', 3), metric(21, 'rttMs', 9), metric(22, 'rttMs', 5)];

  it('time to the first observation of a kind, and how many there were', () => {
    expect(measureTrace(['firstObservedMs:suspect', 'observedCount:suspect', 'observedCount:leader', 'firstObservedMs:leader'], trace)).toEqual([2.5, 2, 0, null]);
  });

  it('messages per client operation, and metric statistics', () => {
    expect(measureTrace(['messagesPerOperation', 'metric:rttMs:median', 'metric:rttMs:max', 'metric:rttMs:count', 'metric:other:p99'], trace)).toEqual([1.5, 5, 9, 3, null]);
    expect(measureTrace(['messagesPerOperation'], [send(1)])).toEqual([null]);
  });

  it('explain themselves, and say what is wrong with a bad name', () => {
    expect(measureInfo('firstObservedMs:suspect')).toMatchObject({ unit: 'ms', label: 'time to the first "suspect"' });
    expect(measureInfo('raft.leaderRecoveryMs')).toMatchObject({ name: 'raft.leaderRecoveryMs', unit: 'ms' });
    expect(findMeasure('observedCount:')).toMatch(/takes an observation/);
    expect(findMeasure('messagesPerOperation:x')).toMatch(/takes no argument/);
    expect(findMeasure('ping.nothing')).toMatch(/^ping has no measure "nothing" \(known: ping.detectionMs\)/);
    expect(() => measureInfo('nope')).toThrow(RangeError);
  });

  it('over a real run: the first suspicion comes after the crash it follows', () => {
    const scenario = { ...defaultScenario({ protocol: 'ping', nodes: 3, seed: 5, untilUs: 3_000_000 }), timeline: [{ at: 1_000_000, action: { kind: 'crash' as const, node: 2 } }] };
    const states = ['firstObservedMs:suspect', 'messagesPerOperation', 'ping.detectionMs'].map((n) => measureInfo(n).create());
    new InProcessRunner(scenario, { sink: (e) => states.forEach((s) => s.push(e)) }).runUntil(scenario.untilUs);
    const [first, perOp, detection] = states.map((s) => s.value());
    expect(first).toBeGreaterThan(1000);
    expect(detection).toBeCloseTo(first! - 1000, 6);
    expect(perOp).toBeGreaterThan(0);
  });
});
