import { describe, expect, it } from 'vitest';
import { isLinkSelected, linkAt, linkClasses, meshLinks, segmentDistance } from './link-canvas';
import { linkStatus } from './link-state';

describe('the painted mesh', () => {
  it('has every unordered pair once, 300 links for 25 servers', () => {
    expect(meshLinks([0, 1, 2])).toEqual([{ a: 0, b: 1 }, { a: 0, b: 2 }, { a: 1, b: 2 }]);
    expect(meshLinks(Array.from({ length: 25 }, (_, i) => i))).toHaveLength(300);
  });

  it('measures distance to a segment, not to its endless line', () => {
    const a = { x: 0, y: 0 };
    const b = { x: 10, y: 0 };
    expect(segmentDistance({ x: 5, y: 3 }, a, b)).toBe(3);
    expect(segmentDistance({ x: 14, y: 3 }, a, b)).toBe(5);
    expect(segmentDistance({ x: 1, y: 1 }, a, a)).toBeCloseTo(Math.SQRT2);
  });

  it('picks the nearest link within reach, and none beyond it', () => {
    // A square: 0 top left, 1 top right, 2 bottom right, 3 bottom left.
    const at = new Map([[0, { x: 0, y: 0 }], [1, { x: 100, y: 0 }], [2, { x: 100, y: 100 }], [3, { x: 0, y: 100 }]]);
    const links = meshLinks([0, 1, 2, 3]);
    const center = (id: number) => at.get(id);
    expect(linkAt(links, center, { x: 50, y: 4 }, 10)).toEqual({ a: 0, b: 1 });
    expect(linkAt(links, center, { x: 50, y: 96 }, 10)).toEqual({ a: 2, b: 3 });
    // Near the middle both diagonals pass; the nearer one wins.
    expect(linkAt(links, center, { x: 53, y: 51 }, 10)).toEqual({ a: 0, b: 2 });
    expect(linkAt(links, center, { x: 53, y: 49 }, 10)).toEqual({ a: 1, b: 3 });
    expect(linkAt(links, center, { x: 25, y: 60 }, 10)).toBeNull();
    // A node the view does not place yet is no link to click.
    expect(linkAt(links, (id) => (id === 1 ? undefined : at.get(id)), { x: 50, y: 4 }, 10)).toBeNull();
  });

  it('gives each link the classes the style sheets key on, as the SVG edges had them', () => {
    const working = linkStatus({ cuts: [], groups: null }, 0, 1);
    expect(linkClasses(working, false, false)).toBe('cv-link');
    expect(linkClasses(working, true, true)).toBe('cv-link cv-link-dense cv-link-selected');
    expect(linkClasses(linkStatus({ cuts: ['0>1'], groups: null }, 0, 1), true, false)).toBe('cv-link cv-link-cut cv-link-dense');
    expect(linkClasses(linkStatus({ cuts: [], groups: [[0], [1]] }, 0, 1), false, false)).toBe('cv-link cv-link-cut cv-link-partitioned');
    expect(isLinkSelected({ kind: 'link', from: 1, to: 0 }, 0, 1)).toBe(true);
    expect(isLinkSelected({ kind: 'node', id: 0 }, 0, 1)).toBe(false);
  });
});
