import { nodeName } from '../kernel/topology';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { InProcessRunner } from './inprocess';
import { WorkloadStream } from '../scenario/workload';
import { defaultScenario, type Scenario } from '../scenario/schema';
import { chaosTimeline } from '../scenario/chaos';

function chaotic(seed: number, nodes = 5, untilUs = 5_000_000): Scenario {
  const s = defaultScenario({ protocol: 'ping', nodes, seed, untilUs, network: { lossRate: 0.05, duplicateRate: 0.02 } });
  const chaos = chaosTimeline({ seed, nodes, untilUs, meanGapUs: 200_000, baseLossRate: 0.05 });
  return { ...s, timeline: chaos.timeline, healedAtUs: chaos.healedAtUs };
}

describe('in-process runner', () => {
  it('is deterministic: the same scenario gives the same trace hash', () => {
    const s = chaotic(11);
    const a = new InProcessRunner(s).runUntil(s.untilUs).summary();
    const b = new InProcessRunner(s).runUntil(s.untilUs).summary();
    expect(a.traceHash).toBe(b.traceHash);
    expect(a.events).toBeGreaterThan(1000);
    expect(a.messages.dropped).toBeGreaterThan(0);
  });

  it('gives different traces for different seeds', () => {
    const a = new InProcessRunner(chaotic(1)).runUntil(2_000_000).summary();
    const b = new InProcessRunner(chaotic(2)).runUntil(2_000_000).summary();
    expect(a.traceHash).not.toBe(b.traceHash);
  });

  it('does not depend on how the run is cut into pieces', () => {
    const s = chaotic(5);
    const whole = new InProcessRunner(s).runUntil(s.untilUs).summary();
    const pieces = new InProcessRunner(s);
    for (let t = 0; t <= s.untilUs; t += 137_001) pieces.runUntil(t);
    pieces.runUntil(s.untilUs);
    expect(pieces.summary().traceHash).toBe(whole.traceHash);
  });

  it('single-event steps reproduce the continuous run', () => {
    const s = chaotic(3);
    const stepped = new InProcessRunner(s);
    let steps = 0;
    while (stepped.now < 600_000 && stepped.step()) steps++;
    const boundary = stepped.nextEventKey();
    const continuous = new InProcessRunner(s).runTo(boundary);
    stepped.runTo(boundary);
    expect(steps).toBeGreaterThan(100);
    expect(stepped.summary().traceHash).toBe(continuous.summary().traceHash);
    expect(stepped.summary().events).toBe(continuous.summary().events);
  });

  it('restores a snapshot and continues to the same trace', () => {
    const s = chaotic(9);
    const original = new InProcessRunner(s).runUntil(2_345_678);
    const snapshot = original.snapshot();
    original.runUntil(s.untilUs);
    const restored = InProcessRunner.restore(JSON.parse(JSON.stringify(snapshot))).runUntil(s.untilUs);
    expect(restored.summary().traceHash).toBe(original.summary().traceHash);
  });

  it('restores a snapshot taken at time 0, before the start-up events are folded in', () => {
    // The servers' start-up events sit at time 0, not yet folded when the snapshot is taken:
    // the snapshot carries them (the page's checkpoint at 0, which Back in a lesson seeks to).
    for (const s of [chaotic(9), defaultScenario({ protocol: 'raft', nodes: 5, seed: 1 })]) {
      const snapshot = new InProcessRunner(s).snapshot();
      expect(snapshot.collector.pending!.length).toBeGreaterThan(0);
      const original = new InProcessRunner(s).runUntil(1_500_000);
      const restored = InProcessRunner.restore(JSON.parse(JSON.stringify(snapshot))).runUntil(1_500_000);
      expect(restored.summary().events).toBe(original.summary().events);
      expect(restored.summary().traceHash).toBe(original.summary().traceHash);
    }
  });

  it('keeps durable writes across a crash and loses the rest', () => {
    const s = defaultScenario({
      protocol: 'ping',
      nodes: 3,
      timeline: [
        { at: 1_000_000, action: { kind: 'crash', node: 1 } },
        { at: 1_500_000, action: { kind: 'restart', node: 1 } },
      ],
    });
    const r = new InProcessRunner(s).runUntil(1_200_000);
    expect(r.views()[1]!.up).toBe(false);
    r.runUntil(2_000_000);
    const view = r.views()[1]!;
    expect(view.up).toBe(true);
    expect(view.incarnation).toBe(1);
    expect((view.view!.protocol as { boots: number }).boots).toBe(2);
  });

  it('drops messages on cut links and to crashed nodes, and says why', () => {
    const reasons = new Map<string, number>();
    const s = defaultScenario({
      protocol: 'ping',
      nodes: 3,
      timeline: [
        { at: 500_000, action: { kind: 'cut', from: 0, to: 1, oneWay: true } },
        // Several crashes at odd instants, so some find messages on their way to node 2.
        ...[600_000, 733_000, 871_000].flatMap((at) => [
          { at, action: { kind: 'crash' as const, node: 2 } },
          { at: at + 50_000, action: { kind: 'restart' as const, node: 2 } },
        ]),
      ],
    });
    new InProcessRunner(s, {
      sink: (e) => {
        if (e.kind === 'drop') reasons.set(e.reason, (reasons.get(e.reason) ?? 0) + 1);
        if (e.kind === 'deliver' && e.from === 0 && e.node === 1) expect(e.at).toBeLessThan(500_000 + 15_000);
      },
    }).runUntil(1_000_000);
    expect(reasons.get('link-down')).toBeGreaterThan(0);
    expect(reasons.get('node-down')).toBeGreaterThan(0);
    expect(reasons.get('crash')).toBeGreaterThan(0);
  });

  describe('the client load', () => {
    afterEach(() => vi.restoreAllMocks());

    it('is made as the run reaches it, not a window ahead (a day of 1 ms operations must never exist at once)', () => {
      // No action until the end: the whole run is one window, which used to be pulled up front.
      const s = defaultScenario({ protocol: 'raft', nodes: 3, seed: 4, untilUs: 3_000_000 });
      s.workload = { kind: 'interval', intervalUs: 1000 };
      let folded = 0;
      let furthestAhead = 0;
      let made = 0;
      const take = WorkloadStream.prototype.take;
      vi.spyOn(WorkloadStream.prototype, 'take').mockImplementation(function (this: WorkloadStream, end, faults) {
        const op = take.call(this, end, faults);
        if (op) {
          made++;
          furthestAhead = Math.max(furthestAhead, op.at - folded);
        }
        return op;
      });
      const summary = new InProcessRunner(s, { sink: (e) => void (folded = e.at) }).runUntil(s.untilUs).summary();
      expect(made).toBe(2999);
      expect(summary.operations).toBe(2999);
      // The folded trace trails the queue's head by at most an instant; Raft's heartbeats (50 ms)
      // bound the gaps between events.
      expect(furthestAhead).toBeLessThanOrEqual(60_000);
    });

    it('is skipped while every node is down, and none of it reaches a node that comes back', () => {
      // Streaming once skipped only the first operation of such a stretch and issued the rest,
      // in the past, to the first node that came back (before its own start in the trace).
      const s: Scenario = {
        ...defaultScenario({ protocol: 'raft', nodes: 3, seed: 3, untilUs: 4_000_000 }),
        initiallyDown: [0, 1, 2],
        timeline: [
          { at: 500_001, action: { kind: 'restart', node: 0 } },
          ...[0, 1, 2].map((node) => ({ at: 1_000_000, action: { kind: 'crash' as const, node } })),
          ...[1, 2].map((node) => ({ at: 3_000_000, action: { kind: 'restart' as const, node } })),
        ],
      };
      const startedAt = new Map<string, number>();
      const early: string[] = [];
      const r = new InProcessRunner(s, {
        sink: (e) => {
          const who = `${e.node}.${e.incarnation}`;
          if (e.kind === 'start') startedAt.set(who, e.at);
          else if (e.node >= 0 && !(e.at >= (startedAt.get(who) ?? Infinity))) early.push(`${e.kind} of ${nodeName(null, e.node)}.${e.incarnation} at ${e.at}`);
        },
      });
      // Stopping inside the silent stretches leaves the stream where pulling up front left it.
      r.runUntil(250_000);
      expect(r.snapshot().workload!.n).toBe(24);
      r.runUntil(2_000_000);
      expect(r.snapshot().workload!.n).toBe(199);
      const summary = r.runUntil(s.untilUs).summary();
      expect(early).toEqual([]);
      // One operation every 10 ms, 399 in all: those from 10 ms to 500 ms and from 1 s to 2.99 s
      // find every server down.
      expect(summary.operations).toBe(399 - 50 - 200);
    });
  });
});
