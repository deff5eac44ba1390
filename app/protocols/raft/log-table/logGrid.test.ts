import { nodeName } from '../../../../engine/kernel/topology';
import { describe, expect, it } from 'vitest';
import type { NodeState } from '../../../store/types';
import { currentLeader } from '../leader';
import { buildLogGrid, cellLabel, MAX_COLUMNS, snapshotLabel } from './logGrid';

/** A node whose log holds the given terms from index 1 on. */
function node(id: number, role: string, term: number, terms: number[], commitIndex: number, up = true): NodeState {
  return {
    id,
    name: nodeName(null, id),
    up,
    incarnation: 0,
    timers: [],
    view: up
      ? {
          role,
          term,
          votedFor: null,
          leader: null,
          members: [0, 1, 2],
          commitIndex,
          appliedValue: null,
          logLength: terms.length,
          log: terms.map((t, i) => ({ index: i + 1, term: t, kind: 'write', value: i })),
          nextIndex: null,
          matchIndex: null,
          votes: null,
        }
      : null,
  };
}

describe('buildLogGrid', () => {
  it('lines logs up by index and marks what differs from the leader', () => {
    const grid = buildLogGrid([
      node(0, 'leader', 3, [1, 1, 3, 3], 3),
      node(1, 'follower', 3, [1, 1, 2, 2, 2], 2),
      node(2, 'follower', 3, [1], 1),
    ]);
    expect([grid.first, grid.last, grid.leader]).toEqual([1, 5, 0]);
    const s2 = grid.rows[1]!;
    expect(s2.cells.map((c) => c.conflict)).toEqual([false, false, true, true, true]);
    expect(s2.cells.map((c) => c.committed)).toEqual([true, true, false, false, false]);
    expect(s2.cells.findIndex((c) => c.commitEdge)).toBe(1);
    const s3 = grid.rows[2]!;
    expect(s3.cells.map((c) => c.state)).toEqual(['entry', 'empty', 'empty', 'empty', 'empty']);
    // The leader never conflicts with itself.
    expect(grid.rows[0]!.cells.some((c) => c.conflict)).toBe(false);
  });

  it('marks nothing as a conflict without a leader, and leaves crashed rows empty', () => {
    const grid = buildLogGrid([node(0, 'candidate', 4, [1, 2], 1), node(1, 'follower', 3, [1, 3], 1), node(2, 'follower', 0, [], 0, false)]);
    expect(grid.leader).toBeNull();
    expect(grid.rows.flatMap((r) => r.cells).some((c) => c.conflict)).toBe(false);
    expect(grid.rows[2]).toMatchObject({ up: false, role: null, cells: [] });
  });

  it('picks the live leader of the highest term', () => {
    expect(currentLeader([node(0, 'leader', 2, [], 0), node(1, 'leader', 3, [], 0), node(2, 'leader', 9, [], 0, false)])).toBe(1);
  });

  it(`keeps at most the last ${MAX_COLUMNS} indices as columns`, () => {
    const long = Array.from({ length: 250 }, () => 1);
    const grid = buildLogGrid([node(0, 'leader', 1, long, 250)]);
    expect(grid.last - grid.first + 1).toBe(MAX_COLUMNS);
    expect(grid.first).toBe(250 - MAX_COLUMNS + 1);
  });

  it('labels cells for screen readers', () => {
    const grid = buildLogGrid([node(0, 'leader', 3, [1, 3], 1), node(1, 'follower', 3, [1, 2], 1)]);
    const row = grid.rows[1]!;
    expect(cellLabel(row, row.cells[1]!, 'S1')).toBe('S2, index 2: term 2, write 1, not committed, conflicts with leader S1');
  });

  it('shows what a snapshot replaced as compacted, committed cells, and names each row\'s snapshot point', () => {
    const leader = node(0, 'leader', 2, [1, 1, 2, 2, 2, 2], 6);
    // S1 compacted indices 1..4 into a snapshot of term 2: its view carries only 5 and 6.
    Object.assign(leader.view!, { snapshotIndex: 4, snapshotTerm: 2, log: (leader.view!.log as { index: number }[]).slice(4) });
    const grid = buildLogGrid([leader, node(1, 'follower', 2, [1, 1, 2], 3)]);
    expect(grid.hasSnapshot).toBe(true);
    const s1 = grid.rows[0]!;
    expect(s1.cells.map((c) => c.state)).toEqual(['snapshot', 'snapshot', 'snapshot', 'snapshot', 'entry', 'entry']);
    expect(s1.cells.every((c) => c.committed)).toBe(true);
    expect([s1.snapshotIndex, s1.snapshotTerm]).toEqual([4, 2]);
    expect(snapshotLabel(s1)).toBe("S1's snapshot: entries 1 to 4 (up to term 2) were compacted into it; its log holds the entries after");
    expect(cellLabel(s1, s1.cells[0]!, 'S1')).toBe('S1, index 1: in the snapshot (committed, compacted)');
    // The follower's entries at compacted indices are not conflicts: the leader's there are unknown.
    expect(grid.rows[1]!.cells.map((c) => c.conflict)).toEqual([false, false, false, false, false, false]);
    expect(buildLogGrid([node(0, 'leader', 1, [1], 1)]).hasSnapshot).toBe(false);
  });
});

