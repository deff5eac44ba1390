import { describe, expect, it } from 'vitest';
import { legibility, TEXT_FLOOR_PX } from './legibility';

describe('legibility: the node text the cluster view draws at a zoom', () => {
  it('draws everything when zoomed in, drops the log strip first, then the detail lines', () => {
    expect(legibility(1.2, false).className).toBe('');
    expect(legibility(0.8, false).className).toBe('cv-hide-log');
    expect(legibility(0.5, false).className).toBe('cv-hide-log cv-hide-detail');
  });

  it('presenter mode has the higher floor, so it drops text sooner', () => {
    expect(legibility(1, false).className).toBe('');
    expect(legibility(1, true).className).toBe('cv-hide-log');
    expect(legibility(0.75, false).className).toBe('cv-hide-log');
    expect(legibility(0.75, true).className).toBe('cv-hide-log cv-hide-detail');
  });

  it('never zooms out so far that a name (41 flow units tall) goes under the floor', () => {
    for (const presenter of [false, true]) {
      const { minZoom } = legibility(1, presenter);
      expect(minZoom * 40).toBeCloseTo(presenter ? TEXT_FLOOR_PX.presenter : TEXT_FLOOR_PX.normal);
    }
  });
});
