import type { InternalNode } from '@xyflow/react';
import { describe, expect, it } from 'vitest';
import { centersKey, flowCenter } from './flow-center';
import { NODE_H, NODE_W } from './layout';
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

describe('where painted things meet a node', () => {
  // Only the fields flowCenter reads.
  const node = (x: number, y: number, width?: number, height?: number) =>
    ({ internals: { positionAbsolute: { x, y } }, measured: { width, height } }) as unknown as InternalNode;

  it("is the centre of xyflow's box for it (clamped there, not the layout's wish), and nothing for a node it lacks", () => {
    const lookup = new Map([['0', node(10, 20, 100, 60)], ['1', node(-50, 0)]]);
    expect(flowCenter(lookup, 0)).toEqual({ x: 60, y: 50 });
    expect(flowCenter(lookup, 1)).toEqual({ x: -50 + NODE_W / 2, y: NODE_H / 2 });
    expect(flowCenter(lookup, 2)).toBeUndefined();
  });

  it('changes its key when any centre moves, and only then', () => {
    const a = new Map([['0', node(0, 0, 10, 10)], ['1', node(5, 5, 10, 10)]]);
    const b = new Map([['0', node(0, 0, 10, 10)], ['1', node(5, 6, 10, 10)]]);
    expect(centersKey(a, [0, 1])).toBe(centersKey(new Map(a), [0, 1]));
    expect(centersKey(a, [0, 1])).not.toBe(centersKey(b, [0, 1]));
  });
});
