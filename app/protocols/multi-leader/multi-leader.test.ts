import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kindsOf, scenarioLayout } from '../../../engine/kernel/topology';
import type { TraceEvent } from '../../../engine/kernel/trace';
import { multiLeader } from '../../../engine/protocols/multi-leader/multi-leader';
import { InProcessRunner } from '../../../engine/runner/inprocess';
import { parseScenario } from '../../../engine/scenario/schema';
import { resolveCommand } from '../../commands/dispatch';
import { describeTrace } from '../../narrate/describer';
import { nodeStatesOf } from '../../store/node-states';
import { useSim } from '../../store/store';
import { compareLeaders } from './compare';
import { multiLeaderUi } from './index';
import { multiLeaderMessages } from './messages';
import { multiLeaderLook } from './node';
import { asMultiLeaderView } from './view';

/** A built-in scenario run up to `untilUs`, as the page would hold it. */
function run(file: string, untilUs: number) {
  const scenario = parseScenario(JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'public', 'scenarios', file), 'utf8')));
  useSim.setState({ topology: scenarioLayout(scenario, kindsOf(multiLeader)) });
  const trace: TraceEvent[] = [];
  const runner = new InProcessRunner(scenario, { sink: (e) => trace.push(e) });
  runner.runUntil(untilUs);
  return { trace, nodes: nodeStatesOf(runner) };
}

describe("multi-leader replication's view", () => {
  it('reads views defensively', () => {
    expect(asMultiLeaderView(null)).toBeNull();
    expect(asMultiLeaderView({ registers: 'no' })).toBeNull();
    const v = asMultiLeaderView({ skewMs: 'x', registers: [{ key: 'k1', lww: { value: 'a' }, siblings: [{ value: 3, writer: 1, id: 'L2/k1#1' }, { value: 'b' }] }], counter: { value: 4, p: { 0: 4, 1: 'x' } }, cart: ['apple', 7], lost: [{ id: 5 }] });
    expect(v).toEqual({
      skewMs: 0,
      registers: [{ key: 'k1', lww: null, siblings: [{ value: 3, writer: 1, id: 'L2/k1#1' }] }],
      counter: { value: 4, p: { 0: 4 }, n: {} },
      cart: ['apple'],
      lost: [],
    });
  });

  it('clock skew: the panel lists L2\'s lost write with the clock that beat it, and the leaders say whether they agree', () => {
    const { nodes, trace } = run('multi-leader-clock-skew.json', 1_520_000);
    const compared = compareLeaders(nodes)!;
    expect(compared.lost).toMatchObject([{ key: 'k1', value: 2, writer: 1, byValue: 1, byWriter: 0, ts: 1_500_000, byTs: 1_800_000, cause: 'stale' }]);
    // L2 holds its own write as the one sibling; L1 and L3 have not heard of it yet.
    const siblings = compared.rows.find((r) => r.label === 'k1 siblings')!;
    expect(siblings.disagree).toBe(true);
    expect(siblings.cells.map((c) => c.text)).toEqual(['1', '2', '1']);
    expect(compared.rows.find((r) => r.label === 'k1 LWW')!.disagree).toBe(false);
    expect(multiLeaderLook(nodes[1], nodes)).toEqual({ tone: 'ml-diverged', label: 'L2, leader, clock exact, leaders differ on k1' });
    expect(multiLeaderLook(nodes[0], nodes).label).toBe('L1, leader, clock +800 ms, leaders differ on k1');
    const lines = describeTrace(trace, multiLeaderUi.narrator).filter((l) => l.importance === 'major').map((l) => l.text);
    expect(lines.some((t) => /L2 answered: done .*; it accepts k1=2 \(stamped 1\.500 s, already older than what it holds\) and drops k1=2, L2's acknowledged write, under last writer wins \(it had seen L1\/k1#1 yet stamped 1\.500 s, below L1's 1\.800 s: a clock behind\)/.test(t)), lines.join('\n')).toBe(true);
  });

  it('a partition makes siblings: after the heal every leader shows ∥ 10 | 20 and agrees', () => {
    const { nodes } = run('multi-leader-partition-siblings.json', 6_000_000);
    const compared = compareLeaders(nodes)!;
    expect(compared.disagreeing).toBe(0);
    const row = compared.rows.find((r) => r.label === 'k1 siblings')!;
    expect(row.cells.map((c) => [c.text, c.siblings])).toEqual([['10 | 20', 2], ['10 | 20', 2], ['10 | 20', 2]]);
    expect(multiLeaderLook(nodes[2], nodes)).toEqual({ tone: 'ml-agreed', label: 'L3, leader, clock exact, 1 key with siblings, leaders agree' });
  });

  it('says what a message carries', () => {
    expect(multiLeaderMessages.details('Replicate', { key: 'k1', register: { lww: { value: 4 }, mv: { versions: [{}, {}] } } })).toEqual(['k1: LWW 4, 2 siblings']);
    expect(multiLeaderMessages.glyph('Replicate', { key: 'likes', counter: {} })).toMatchObject({ shape: 'circle', text: '+' });
    expect(multiLeaderMessages.glyph('Sync', {})).toMatchObject({ shape: 'square', hollow: true });
  });

  it('turns a clock from the skew the leader shows, and writes k1 with a fresh value', () => {
    const { nodes } = run('multi-leader-clock-skew.json', 500_000);
    const world = { nodes, nodeCount: 3 };
    expect(resolveCommand(multiLeaderUi.commands, world, { nextValue: () => 7 }, 'mlClockAhead', [0])).toEqual({
      kind: 'actions',
      actions: [{ kind: 'command', node: 0, command: { type: 'skew', ms: 900 } }],
    });
    expect(resolveCommand(multiLeaderUi.commands, world, { nextValue: () => 7 }, 'mlWrite', [2])).toEqual({
      kind: 'actions',
      actions: [{ kind: 'command', node: 2, command: { type: 'set', key: 'k1', value: 7 } }],
    });
  });
});
