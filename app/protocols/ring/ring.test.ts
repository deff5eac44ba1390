import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../../engine/kernel/trace';
import { InProcessRunner } from '../../../engine/runner/inprocess';
import { resolveCommand } from '../../commands/dispatch';
import { describeTrace } from '../../narrate/describer';
import { comparisonRows } from './comparison';
import { ringUi } from './index';
import { ringLook } from './node';
import { ringModel } from './ring-model';
import { asRingView, freshestView } from './view';
import { nodeStatesOf } from '../../store/node-states';

/** A real run of the page's default scenario (S1-S5 members, S6 spare): S6 joins at 1 s. */
function run(untilUs: number, extra: { at: number; node: number; type: string }[] = []) {
  const trace: TraceEvent[] = [];
  const scenario = ringUi.defaultScenario({ seed: 7, nodes: null });
  scenario.timeline = [
    { at: 1_000_000, action: { kind: 'command', node: 5, command: { type: 'join' } }, by: 'user' },
    ...extra.map((e) => ({ at: e.at, action: { kind: 'command' as const, node: e.node, command: { type: e.type } }, by: 'user' as const })),
  ];
  const runner = new InProcessRunner(scenario, { sink: (e) => trace.push(e) });
  runner.runUntil(untilUs);
  const nodes = nodeStatesOf(runner);
  return { trace, nodes, summary: runner.summary() };
}

describe("the ring's view", () => {
  it('reads the view defensively', () => {
    expect(asRingView(null)).toBeNull();
    expect(asRingView({ statuses: 'x' })).toBeNull();
    const v = asRingView({ statuses: [{ status: 'member', version: 0 }, { status: 'bogus' }], owners: [0, 'x'], held: [0, 'a'], scheme: 'nope' })!;
    expect(v.statuses).toEqual(['member', 'spare']);
    expect(v.owners).toEqual([0, -1]);
    expect(v.held).toEqual([0]);
    expect(v.scheme).toBe('ring');
  });

  it('names each node by its standing, keys and share of the ring', () => {
    const { nodes } = run(500_000);
    const labels = nodes.map((n) => ringLook(n, nodes).label);
    expect(labels[0]).toMatch(/^S1, member, owns \d+ keys, \d+% of the ring$/);
    expect(labels[5]).toBe('S6, spare, owns 0 keys');
    const total = nodes.reduce((sum, n) => sum + asRingView(n.view)!.held.length, 0);
    expect(total).toBe(96);
  });

  it('after S6 joins, the keys it owns travel to it and the ring model says every key is at its owner', () => {
    const { nodes, summary, trace } = run(4_000_000);
    expect(summary.violations).toEqual([]);
    const s6 = asRingView(nodes[5]!.view)!;
    expect(s6.statuses[5]).toBe('member');
    expect(s6.held.length).toBeGreaterThan(5);
    const model = ringModel(nodes)!;
    expect(model.misplaced).toBe(0);
    expect(model.keys.every((k) => k.holder === k.owner)).toBe(true);
    expect(model.members.map((m) => m.name)).toEqual(['S1', 'S2', 'S3', 'S4', 'S5', 'S6']);
    expect(model.keys[42]!.label).toMatch(/^user:42 on S\d$/);
    expect(model.points).toHaveLength(6 * 16);
    const lines = describeTrace(trace, ringUi.narrator).filter((l) => l.importance === 'major').map((l) => l.text);
    expect(lines.some((t) => /^The user asked S6 to join the ring: S6 answered: now a member; it joins the ring and learns the ring is now S1, S2, S3, S4, S5, S6$/.test(t))).toBe(true);
    expect(lines.some((t) => /starts the next chunk; it sends \d+ keys? \(.+\) to S6/.test(t) || /sends \d+ keys? \(.+\) to S6/.test(t))).toBe(true);
    expect(lines.some((t) => /^S6 stores a chunk from S\d and acknowledges it; it takes \d+ keys? \(.+\) from S\d/.test(t))).toBe(true);
  });

  it('mid-migration, the model shows keys on their way', () => {
    // Chunks are paced 40 ms apart: 30 ms after the join some keys are still to move.
    const { nodes } = run(1_030_000);
    const model = ringModel(nodes)!;
    expect(model.misplaced).toBeGreaterThan(0);
    expect(model.label).toMatch(/not yet at their owner/);
  });

  it('compares the schemes on the run’s keys', () => {
    const { nodes } = run(300_000);
    const rows = comparisonRows(freshestView(nodes)!.view, nodes.length);
    const by = (label: string) => rows.find((r) => r.label === label)!;
    expect(by('modulo').addOverIdeal).toBeGreaterThan(3);
    expect(by('jump').addOverIdeal).toBeLessThan(2);
    expect(rows.find((r) => r.current)!.label).toBe('ring ×16');
  });

  it('join, leave, put and get go through the dispatcher', () => {
    const { nodes } = run(300_000);
    const world = { nodes, nodeCount: 6 };
    expect(resolveCommand(ringUi.commands, world, { nextValue: () => 1001 }, 'join', [5])).toEqual({
      kind: 'actions',
      actions: [{ kind: 'command', node: 5, command: { type: 'join' } }],
    });
    expect(resolveCommand(ringUi.commands, world, { nextValue: () => 1001 }, 'put', [2])).toEqual({
      kind: 'actions',
      actions: [{ kind: 'command', node: 2, command: { type: 'put', key: 1001 % 96, value: 1001 } }],
    });
  });
});
