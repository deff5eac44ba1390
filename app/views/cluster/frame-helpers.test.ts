import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../../engine/kernel/trace';
import type { NodeState } from '../../store/types';
import { firstAtOrAfter, messageKey } from '../../lib/trace-search';
import { dropsBetween } from './drop-bursts';
import { messagePoint, tripProgress } from './message-geometry';
import { arcAngles, ringsBox, timerFraction } from './timer-arcs';
import { RING_R } from './layout';

const drop = (at: number, seq: number): TraceEvent => ({
  kind: 'drop',
  at,
  node: 1,
  incarnation: 0,
  seq,
  from: 0,
  to: 1,
  id: { from: 0, fromIncarnation: 0, fromSeq: seq },
  reason: 'user',
  msgType: 'AppendEntries',
});
const timer = (at: number): TraceEvent => ({ kind: 'timer', at, node: 0, incarnation: 0, seq: 0, timer: 1, name: 'election' });

describe('drop bursts read the trace tail', () => {
  const trace = [timer(0), drop(10, 1), timer(20), drop(30, 2), drop(30, 3), timer(40)];

  it('binary-searches by time', () => {
    expect(firstAtOrAfter(trace, 0)).toBe(0);
    expect(firstAtOrAfter(trace, 25)).toBe(3);
    expect(firstAtOrAfter(trace, 31)).toBe(5);
    expect(firstAtOrAfter(trace, 99)).toBe(6);
  });

  it('takes the drops in (from, to], oldest first, capped', () => {
    expect(dropsBetween(trace, 10, 30).map((e) => e.at)).toEqual([30, 30]);
    expect(dropsBetween(trace, 0, 40)).toHaveLength(3);
    expect(dropsBetween(trace, 30, 40)).toHaveLength(0);
    expect(dropsBetween(trace, 0, 40, 2)).toHaveLength(1);
  });

  it('names a dropped message the way the store keys messages in flight', () => {
    expect(messageKey({ from: 2, fromIncarnation: 1, fromSeq: 17 })).toBe('2.1.17');
  });
});

describe('message geometry', () => {
  it('travels rim to rim, in the lane to the right of its direction', () => {
    const a = { x: 0, y: 0 };
    const b = { x: 200, y: 0 };
    expect(messagePoint(a, b, 0, 50, 0)).toEqual({ x: 50, y: 0 });
    expect(messagePoint(a, b, 1, 50, 0)).toEqual({ x: 150, y: 0 });
    // Rightwards travel: the lane is below (y grows downwards); the reply's lane is above.
    expect(messagePoint(a, b, 0.5, 50, 10)).toEqual({ x: 100, y: 10 });
    expect(messagePoint(b, a, 0.5, 50, 10)).toEqual({ x: 100, y: -10 });
  });

  it('measures the trip between sentAt and dueAt, clamped', () => {
    expect(tripProgress(100, 200, 150)).toBe(0.5);
    expect(tripProgress(100, 200, 50)).toBe(0);
    expect(tripProgress(100, 200, 250)).toBe(1);
    expect(tripProgress(100, 100, 100)).toBe(1);
  });
});

describe('timer arcs', () => {
  const node = (timers: NodeState['timers'], up = true): NodeState => ({ id: 0, name: 'S1', up, incarnation: 0, view: {}, timers });

  it('is the fraction of the election timeout left', () => {
    const n = node([{ id: 1, name: 'election', setAt: 1000, dueAt: 3000 }]);
    expect(timerFraction(n, 1000, 'election')).toBe(1);
    expect(timerFraction(n, 2500, 'election')).toBe(0.25);
    expect(timerFraction(n, 4000, 'election')).toBe(0);
  });

  it('is absent without an election timer or while crashed', () => {
    expect(timerFraction(node([{ id: 1, name: 'heartbeat', setAt: 0, dueAt: 10 }]), 5, 'election')).toBeNull();
    expect(timerFraction(node([{ id: 1, name: 'election', setAt: 0, dueAt: 10 }], false), 5, 'election')).toBeNull();
  });
});

describe('timer arcs on canvas', () => {
  it('start at twelve o\'clock and run clockwise over the fraction left, as the SVG arc (rotate(-90), dash f of 1) did', () => {
    expect(arcAngles(0.25)).toEqual([-Math.PI / 2, 0]);
    expect(arcAngles(1)[1] - arcAngles(1)[0]).toBeCloseTo(2 * Math.PI);
  });
});

describe('the timer canvas covers only the rings', () => {
  const at = new Map([[0, { x: 0, y: 0 }], [1, { x: 200, y: 100 }]]);
  const view = (transform: [number, number, number], width = 1000, height = 500) => ({ center: (id: number) => at.get(id), transform, width, height });

  it('spans every ring with room for its stroke, in the view\'s pixels', () => {
    const box = ringsBox([0, 1], view([100, 100, 0.5]))!;
    // Ring 0 reaches RING_R (plus margin) left of x 0 -> 100 - 0.5 * margin.
    expect(box.left).toBeLessThanOrEqual(100 - 0.5 * RING_R - 1);
    expect(box.left + box.width).toBeGreaterThanOrEqual(100 + 0.5 * (200 + RING_R) + 1);
    expect(box.top).toBeLessThanOrEqual(100 - 0.5 * RING_R - 1);
    expect(box.top + box.height).toBeGreaterThanOrEqual(100 + 0.5 * (100 + RING_R) + 1);
    expect(Number.isInteger(box.left) && Number.isInteger(box.width)).toBe(true);
  });

  it('is clipped to the view, and absent when no ring is in it or none is placed', () => {
    const box = ringsBox([0, 1], view([0, 0, 1], 150, 80))!;
    expect(box).toEqual({ left: 0, top: 0, width: 150, height: 80 });
    expect(ringsBox([0], view([-1000, 0, 1]))).toBeNull();
    expect(ringsBox([7], view([0, 0, 1]))).toBeNull();
  });
});
