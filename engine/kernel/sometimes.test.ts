import { describe, expect, it } from 'vitest';
import { sometimesMonitor } from './sometimes';
import type { TraceEvent } from './trace';

const observe = (at: number, what: string): TraceEvent => ({ kind: 'observe', at, node: 0, incarnation: 0, seq: at, what, data: undefined }) as TraceEvent;

describe('sometimesMonitor', () => {
  const checks = [
    { property: 'a bell rings', holds: (e: TraceEvent) => e.kind === 'observe' && e.what === 'bell' },
    { property: 'a horn sounds', holds: (e: TraceEvent) => e.kind === 'observe' && e.what === 'horn' },
  ];

  it('reports the first time each held, or not seen; never a violation', () => {
    const m = sometimesMonitor(checks);
    for (const e of [observe(5, 'x'), observe(7, 'bell'), observe(9, 'bell')]) expect(m.observe(e)).toBeUndefined();
    expect(m.finish({ untilUs: 10, healedAtUs: null })).toEqual({
      stats: {},
      violations: [],
      sometimes: [
        { property: 'a bell rings', held: true, firstAtUs: 7 },
        { property: 'a horn sounds', held: false },
      ],
    });
  });

  it('resumes from a snapshot, and reads a snapshot without it as nothing seen', () => {
    const a = sometimesMonitor(checks);
    a.observe(observe(3, 'horn'));
    const b = sometimesMonitor(checks);
    b.restore(a.snapshot());
    b.observe(observe(4, 'bell'));
    expect(b.finish({ untilUs: 5, healedAtUs: null }).sometimes!.map((p) => p.firstAtUs)).toEqual([4, 3]);
    const c = sometimesMonitor(checks);
    c.restore(undefined);
    expect(c.finish({ untilUs: 5, healedAtUs: null }).sometimes!.every((p) => !p.held)).toBe(true);
  });
});
