import { describe, expect, it } from 'vitest';
import { circleLayout, circleRadius, kindsLayout, NODE_H, NODE_W } from './layout';

describe('kindsLayout: nodes of other kinds apart from the main kind', () => {
  const kindOf = (id: number) => (id < 5 ? 'server' : 'client');

  it('one kind only: the circle as always', () => {
    expect(kindsLayout([0, 1, 2, 3, 4], () => 'server', 'server')).toEqual(circleLayout([0, 1, 2, 3, 4]));
    expect(kindsLayout([0, 1, 2], () => undefined, '')).toEqual(circleLayout([0, 1, 2]));
  });

  it('servers keep their circle; clients stand in a column left of it, boxes apart', () => {
    const ids = [0, 1, 2, 3, 4, 5, 6, 7];
    const l = kindsLayout(ids, kindOf, 'server');
    const circle = circleLayout([0, 1, 2, 3, 4]);
    for (const id of [0, 1, 2, 3, 4]) expect(l.get(id)).toEqual(circle.get(id));
    const clients = [5, 6, 7].map((id) => l.get(id)!);
    expect(new Set(clients.map((p) => p.x)).size).toBe(1);
    // Left of every server's box, with room between.
    expect(clients[0]!.x + NODE_W).toBeLessThan(-circleRadius(5));
    for (let i = 1; i < clients.length; i++) expect(clients[i]!.y - clients[i - 1]!.y).toBeGreaterThanOrEqual(NODE_H);
    // Centred on the circle's height.
    expect(clients[0]!.y + clients[2]!.y).toBe(0);
  });
});
