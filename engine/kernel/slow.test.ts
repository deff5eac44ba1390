import { describe, expect, it } from 'vitest';
import type { TimedAction } from './actions';
import type { TraceEvent } from './trace';
import { PING_LATENCY_US, pingRun } from './test-support/ping-run';
import { FaultState } from './faults';

/**
 * The slow-node fault's semantics (node-host.ts `backlog`), on ping with a fixed 10 ms latency:
 * S2 is slow by 300 ms from 1 s to 2 s. Every message that reaches it in that stretch is handled
 * exactly 300 ms after it arrived; its timers fire when they fall due; a run without the fault
 * is untouched.
 */
const LATENCY = PING_LATENCY_US;
const SLOW_AT = 1_000_000;
const FAST_AT = 2_000_000;
const DELAY = 300_000;
const S2 = 1;

const slowStretch: TimedAction[] = [
  { at: SLOW_AT, action: { kind: 'slow', node: S2, delayUs: DELAY } },
  { at: FAST_AT, action: { kind: 'slow', node: S2, delayUs: 0 } },
];

type Deliver = Extract<TraceEvent, { kind: 'deliver' }>;
const delivers = (trace: TraceEvent[], node: number) => trace.filter((e): e is Deliver => e.kind === 'deliver' && e.node === node);

describe('a slow node', () => {
  it('handles what reaches it DELAY late while slow, and on arrival before and after', () => {
    const { runner, trace } = pingRun(slowStretch);
    runner.runUntil(3_000_000);
    const atS2 = delivers(trace, S2);
    expect(atS2.length).toBeGreaterThan(5);
    for (const d of atS2) {
      const arrived = d.sentAt + LATENCY;
      const lateUs = arrived >= SLOW_AT && arrived < FAST_AT ? DELAY : 0;
      expect(d.at - arrived, `message sent at ${d.sentAt}`).toBe(lateUs);
    }
    expect(atS2.some((d) => d.at - d.sentAt - LATENCY === DELAY)).toBe(true);
    // Everyone else is on time.
    for (const d of [...delivers(trace, 0), ...delivers(trace, 2)]) expect(d.at - d.sentAt).toBe(LATENCY);
  });

  it('fires its timers when they fall due', () => {
    const plain = pingRun([]);
    plain.runner.runUntil(1_500_000);
    const slow = pingRun(slowStretch);
    slow.runner.runUntil(1_500_000);
    // Ping's heartbeat timer at S2 does not depend on what it hears: same instants either way.
    const timersOf = (t: TraceEvent[]) => t.filter((e) => e.kind === 'timer' && e.node === S2).map((e) => e.at);
    expect(timersOf(slow.trace)).toEqual(timersOf(plain.trace));
  });

  it('loses its backlog when it crashes', () => {
    const { runner, trace } = pingRun([...slowStretch.slice(0, 1), { at: 1_200_000, action: { kind: 'crash', node: S2 } }]);
    runner.runUntil(1_500_000);
    const crashDrops = trace.filter((e) => e.kind === 'drop' && e.reason === 'crash' && e.to === S2);
    // Messages that arrived in (1.2 s - 300 ms, 1.2 s] were waiting in the backlog.
    expect(crashDrops.length).toBeGreaterThan(0);
    expect(delivers(trace, S2).every((d) => d.at <= 1_200_000)).toBe(true);
  });

  it('changes nothing in a run without the fault, and a delay of 0 is no fault', () => {
    const plain = pingRun([]);
    plain.runner.runUntil(3_000_000);
    const zero = pingRun([{ at: SLOW_AT, action: { kind: 'slow', node: S2, delayUs: 0 } }]);
    zero.runner.runUntil(3_000_000);
    const deliversOf = (t: TraceEvent[]) => t.filter((e) => e.kind !== 'action');
    expect(deliversOf(zero.trace)).toEqual(deliversOf(plain.trace));
  });

  it('is fault state: snapshotted only when some node is slow, and restored', () => {
    const f = new FaultState({ latencyUs: { min: 1, max: 1 }, lossRate: 0, duplicateRate: 0 }, 3);
    expect(f.snapshot().slow).toBeUndefined();
    expect(f.changesSomething({ kind: 'slow', node: 1, delayUs: 0 })).toBe(false);
    f.apply({ kind: 'slow', node: 1, delayUs: DELAY });
    expect(f.slowDelayUs(1)).toBe(DELAY);
    const copy = FaultState.fromSnapshot(f.snapshot());
    expect(copy.slowDelayUs(1)).toBe(DELAY);
    expect(copy.slowDelayUs(0)).toBe(0);
    f.apply({ kind: 'slow', node: 1, delayUs: 0 });
    expect(f.snapshot().slow).toBeUndefined();
  });
});
