import { describe, expect, it } from 'vitest';
import { secondLabel, secondTicks } from './axis';

describe('the latency chart time axis', () => {
  it('puts ticks on whole seconds only, so the labels never repeat (it read "1 s, 1 s, 2 s, 2 s, 3 s, 3 s")', () => {
    // The review's case: a 0.3-3.4 s span over a wide chart, where d3 alone ticks every 0.5 s.
    const labels = secondTicks(300_000, 3_400_000, 8).map(secondLabel);
    expect(labels).toEqual(['1 s', '2 s', '3 s']);
  });

  it('gives distinct labels for every span and tick count', () => {
    for (let first = 0; first <= 5_000_000; first += 250_000)
      for (let span = 1_000_000; span <= 40_000_000; span += 730_000)
        for (const count of [2, 3, 5, 8, 12]) {
          const labels = secondTicks(first, first + span, count).map(secondLabel);
          expect(labels.length, `${first}+${span} /${count}`).toBeGreaterThan(0);
          expect(new Set(labels).size, `${first}+${span} /${count}: ${labels.join(', ')}`).toBe(labels.length);
        }
  });

  it('thins the ticks on a long span', () => {
    expect(secondTicks(0, 60_000_000, 4).map(secondLabel)).toEqual(['0 s', '20 s', '40 s', '60 s']);
  });
});
