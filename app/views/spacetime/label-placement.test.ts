import { describe, expect, it } from 'vitest';
import { placeLabels, textWidth } from './label-placement';

const label = (key: string, x: number, y: number, text: string, priority = 0) => ({ key, x, y, width: textWidth(text, 14), height: 14, priority });

describe('label placement', () => {
  it('keeps labels apart: of two that would overlap, the more important one, else the older one', () => {
    const shown = placeLabels([
      label('e1', 100, 20, 'T1'),
      label('e2', 104, 30, 'T1'), // overlaps e1
      label('l1', 110, 20, '★ leader T1', 2), // overlaps e1, and wins
      label('e3', 300, 20, 'T2'),
    ]);
    expect([...shown].sort()).toEqual(['e3', 'l1']);
    expect(placeLabels([label('a', 100, 20, 'T1'), label('b', 104, 30, 'T1')])).toEqual(new Set(['a']));
  });

  it('keeps labels off the markers of the lane above', () => {
    // S2's election label sits 17 px above its lane, where S1's marker is drawn (lanes 16 px apart).
    const markerOfS1 = { x: 102, y: 20, width: 16, height: 16 };
    expect(placeLabels([label('s2', 100, 36 - 17, 'T1')], [markerOfS1])).toEqual(new Set());
    expect(placeLabels([label('s2', 160, 36 - 17, 'T1')], [markerOfS1])).toEqual(new Set(['s2']));
  });

  it('shows every label that has room', () => {
    const far = [label('a', 0, 20, 'T1'), label('b', 100, 20, 'T1'), label('c', 0, 60, 'T1')];
    expect(placeLabels(far)).toEqual(new Set(['a', 'b', 'c']));
  });
});
