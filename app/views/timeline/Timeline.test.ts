import { describe, expect, it } from 'vitest';
import { barEnd, markersOnBar } from './Timeline';

describe('the timeline bar', () => {
  const markers = [
    { at: 1_000_000, kind: 'action', label: 'S1 crashed' },
    { at: 3_000_000, kind: 'leader', label: 'S2 leads term 2' },
    { at: 9_000_000, kind: 'action', label: 'scenario: S2 crashed' },
  ];

  it('keeps the bar as long as the recorded run when scrubbed back, so marks stay at their times', () => {
    expect(barEnd(4_000_000, 4_000_000)).toBe(4_000_000);
    expect(barEnd(1_000_000, 4_000_000)).toBe(4_000_000);
  });

  it('leaves out scripted actions later than the recorded end, and minor marks past 400', () => {
    expect(markersOnBar(markers, 4_000_000, () => false).map((m) => m.at)).toEqual([1_000_000, 3_000_000]);
    const many = Array.from({ length: 401 }, (_, i) => ({ at: i, kind: i % 2 ? 'commit' : 'leader', label: '' }));
    expect(markersOnBar(many, 1_000, (k) => k === 'commit').every((m) => m.kind === 'leader')).toBe(true);
  });
});
