import { describe, expect, it } from 'vitest';
import { lagAxis, lagAxisMargin, lagTick } from './lag-axis';

describe('the lag chart y axis', () => {
  it('with every replica caught up (zero lag) still spans 0..100 ms with distinct labels', () => {
    for (const h of [40, 80, 120, 200, 400]) {
      const { y, ticks } = lagAxis(0, h);
      expect(y.domain()[1]).toBeGreaterThanOrEqual(100);
      const labels = ticks.map((t) => t.label);
      expect(labels[0]).toBe('0');
      expect(labels.length).toBeGreaterThanOrEqual(2);
      expect(new Set(labels).size, labels.join(', ')).toBe(labels.length);
    }
    expect(lagAxis(0, 60).ticks.map((t) => t.label)).toEqual(['0', '50 ms', '100 ms']);
  });

  it('has distinct labels for any lag and height, seconds past 1000 ms', () => {
    for (const maxMs of [0, 1, 7, 99, 100, 333, 999, 1000, 1234, 9000, 45_000, Number.NaN])
      for (const h of [30, 60, 100, 150, 250]) {
        const labels = lagAxis(maxMs, h).ticks.map((t) => t.label);
        expect(new Set(labels).size, `${maxMs} ms, ${h} px: ${labels.join(', ')}`).toBe(labels.length);
      }
    expect(lagAxis(2500, 150).ticks.map((t) => t.label)).toContain('2 s');
    expect(lagTick(500)).toBe('500 ms');
  });

  it('leaves room for the widest label at the presenter type size', () => {
    expect(lagAxisMargin(['0', '50 ms', '100 ms'], 13)).toBe(59);
    expect(lagAxisMargin(['0', '50 ms', '100 ms'], 18.7)).toBeGreaterThan(6 * 0.6 * 18.7 + 6);
    expect(lagAxisMargin(['0'], 13)).toBe(52);
  });
});
