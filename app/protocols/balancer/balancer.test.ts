import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kindsOf, scenarioLayout } from '../../../engine/kernel/topology';
import type { TraceEvent } from '../../../engine/kernel/trace';
import { balancer } from '../../../engine/protocols/balancer/balancer';
import { InProcessRunner } from '../../../engine/runner/inprocess';
import { parseScenario, type Scenario } from '../../../engine/scenario/schema';
import { resolveCommand } from '../../commands/dispatch';
import { describeTrace } from '../../narrate/describer';
import { nodeName, useSim } from '../../store/store';
import type { NodeState } from '../../store/types';
import { panelModel } from './chart-model';
import { balancerUi } from './index';
import { balancerMessages } from './messages';
import { balancerLook } from './node';
import { asBalancerSystemView } from './view';

/** The built-in "slow server" scenario, run in process to `untilUs`, as the page's store would hold it. */
const slowServer = parseScenario(JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'public', 'scenarios', 'balancer-slow-server.json'), 'utf8')));

function run(scenario: Scenario, untilUs: number) {
  const trace: TraceEvent[] = [];
  const runner = new InProcessRunner(scenario, { sink: (e) => trace.push(e) });
  runner.runUntil(untilUs);
  const nodes: NodeState[] = runner.views().map((v) => ({
    id: v.id,
    name: nodeName(v.id),
    up: v.up,
    incarnation: v.incarnation,
    view: (v.view?.protocol as Record<string, unknown> | null) ?? null,
    timers: v.view?.timers ?? [],
  }));
  return { trace, nodes };
}

const layout = scenarioLayout(slowServer, kindsOf(balancer));
beforeAll(() => useSim.setState({ topology: layout }));
afterAll(() => useSim.setState({ topology: null }));

describe("the balancer's view", () => {
  it('reads views defensively', () => {
    expect(asBalancerSystemView(null)).toBeNull();
    expect(asBalancerSystemView({ role: 'nope' })).toBeNull();
    expect(asBalancerSystemView({ role: 'server', queue: 'x', slowFactor: 3 })).toMatchObject({ role: 'server', queue: 0, slowFactor: 3, workers: 1 });
    const b = asBalancerSystemView({ role: 'balancer', outstanding: { 1: 2, __proto__: 5, x: 'y' }, series: [{ atUs: 5, p99Us: 'no' }] });
    expect(b).toMatchObject({ role: 'balancer', outstanding: { 1: 2 }, series: [{ atUs: 5, p99Us: null }] });
  });

  it('names each node in words: a slow server with its queue, a balancer with its algorithm and p99, a client with its balancer', () => {
    const { nodes } = run(slowServer, 8_000_000);
    const s2 = balancerLook(nodes[1]);
    expect(s2.tone).toBe('lb-slow');
    expect(s2.label).toMatch(/^S2, slow ×5, queue \d+, [01] in service, p99 \d+ ms$/);
    expect(balancerLook(nodes[0]).label).toMatch(/^S1, normal speed, queue \d+, [01] in service, p99 \d+ ms$/);
    expect(balancerLook(nodes[8]).label).toMatch(/^B1, round robin, p99 [\d.]+ m?s, \d+ in flight$/);
    expect(balancerLook(nodes[9]).label).toMatch(/^B2, two random choices, p99 [\d.]+ m?s, \d+ in flight$/);
    expect(balancerLook(nodes[10]).label).toMatch(/^C1, via B1, \d+ waiting$/);
    expect(balancerLook(nodes[11]).label).toMatch(/^C2, via B2, \d+ waiting$/);
  });

  it("the panel's model has every server's queue and both algorithms' series, round robin's p99 above two choices' on the whole", () => {
    const { nodes } = run(slowServer, 16_000_000);
    const model = panelModel(nodes, (id) => layout.groups.find((g) => id >= g.first && id < g.first + g.count)?.kind);
    expect(model.queues.map((q) => q.name)).toEqual(['S1', 'S2', 'S3', 'S4', 'S5', 'S6', 'S7', 'S8']);
    expect(model.lines.map((l) => [l.name, l.algorithm])).toEqual([['B1', 'round-robin'], ['B2', 'two-choices']]);
    expect(model.lines[0]!.points.length).toBeGreaterThan(20);
    // Point by point the lines cross now and then; over the run since S2 and S6 turned slow, round robin's is higher.
    const meanP99 = (l: (typeof model.lines)[number]) => {
      const after = l.points.filter((p) => p.atUs > 4_000_000 && p.p99Us !== null);
      return after.reduce((sum, p) => sum + p.p99Us!, 0) / after.length;
    };
    expect(meanP99(model.lines[0]!)).toBeGreaterThan(1.5 * meanP99(model.lines[1]!));
    expect(model.lines[0]!.label).toMatch(/^B1, round robin: p50 \d+ ms, p95 \d+ ms, p99 [\d.]+ m?s; \d+ of \d+ requests failed$/);
  });

  it('narrates forwards as routine and a server turning slow as news', () => {
    const { trace } = run(slowServer, 3_200_000);
    const lines = describeTrace(trace, balancerUi.narrator);
    expect(lines.some((l) => l.importance === 'major' && /asked S2 to turn slow: S2 answered: it now serves ×5 slower; it turns slow/.test(l.text))).toBe(true);
    const forwards = lines.filter((l) => /^B\d took C\d's request to pick a server for it$/.test(l.text));
    expect(forwards.length).toBeGreaterThan(50);
    expect(forwards.every((l) => l.importance === 'minor')).toBe(true);
  });

  it('says what a message carries', () => {
    expect(balancerMessages.details('ClientResponse', { opId: 3, result: { ok: false, error: 'timeout', server: 'S2' } })).toEqual(['failed: timeout at S2']);
    expect(balancerMessages.glyph('Reply', { ok: false })).toMatchObject({ shape: 'diamond', mark: 'cross' });
    expect(balancerMessages.details('Forward', { epoch: 1, seq: 7, key: 'user:3' })).toEqual(['forward 1.7', 'key user:3']);
  });

  it('makes a server slow and adds load at a client through the dispatcher', () => {
    const { nodes } = run(slowServer, 1_000_000);
    const world = { nodes, nodeCount: nodes.length };
    expect(resolveCommand(balancerUi.commands, world, { nextValue: () => 1 }, 'makeSlow', [2])).toEqual({
      kind: 'actions',
      actions: [{ kind: 'command', node: 2, command: { type: 'slow', factor: 5 } }],
    });
    expect(resolveCommand(balancerUi.commands, world, { nextValue: () => 1 }, 'addLoad', [10])).toEqual({
      kind: 'actions',
      actions: [{ kind: 'command', node: 10, command: { type: 'load', perSecond: 25 } }],
    });
    const slow = balancerUi.commands.find((c) => c.id === 'makeSlow')!;
    expect(slow.scope === 'node' && slow.enabled!(nodes[8]!)).toBe(false);
  });
});
