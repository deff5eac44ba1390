import { describe, expect, it } from 'vitest';
import { layoutTopology, nodeName } from '../../../engine/kernel/topology';
import { mesh } from '../../../engine/protocols/mesh/mesh';
import { breakerOpens, canaryEjection, mtlsStranger, retryStormDeadlines } from '../../../engine/protocols/mesh/builtin-scenarios';
import type { Scenario } from '../../../engine/scenario/schema';
import { resolveCommand } from '../../commands/dispatch';
import { meshCommands } from './commands';
import { InProcessRunner } from '../../../engine/runner/inprocess';
import type { NodeState } from '../../store/types';
import { graphColumns, graphEdges } from './graph';
import { meshLook } from './node';
import { asMeshView } from './view';
import { meshObservations } from './observations';

/** A real run of "the breaker opens" up to `untilUs`, as the page's nodes. */
function nodesAt(untilUs: number, scenario: Scenario = breakerOpens()): { nodes: NodeState[]; kindOf: (id: number) => string | undefined } {
  const layout = layoutTopology(scenario.topology!, mesh.topology!);
  const runner = new InProcessRunner(scenario);
  runner.runUntil(untilUs);
  const nodes = runner.views().map((v) => ({
    id: v.id,
    name: nodeName(layout, v.id),
    up: v.up,
    incarnation: v.incarnation,
    view: (v.view?.protocol as Record<string, unknown> | null) ?? null,
    timers: v.view?.timers ?? [],
  }));
  return { nodes, kindOf: (id) => layout.groups.find((g) => id >= g.first && id < g.first + g.count)?.kind };
}

describe("the mesh's view in the page", () => {
  it('reads views defensively', () => {
    expect(asMeshView(null)).toBeNull();
    expect(asMeshView({ kind: 3 })).toBeNull();
    const v = asMeshView({ kind: 'checkout', route: { route: 'checkout>payments', strip: ['ok', 'bogus'], breaker: { state: 'weird', config: {} } } });
    expect(v!.route!.strip).toEqual(['ok']);
    expect(v!.route!.breaker!.state).toBe('closed');
  });

  it('names nodes and routes by their state, before and after the breaker opens', () => {
    const before = nodesAt(2_000_000);
    expect(meshLook(before.nodes[1]).label).toMatch(/^CO1, checkout instance, \d+ of 16 workers busy, route checkout to payments, breaker closed, /);
    expect(graphEdges(before.nodes).map((e) => e.label)).toEqual([
      expect.stringMatching(/^no breaker, 0% fail, route client to frontend$/),
      expect.stringMatching(/^no breaker, 0% fail, route frontend to checkout$/),
      expect.stringMatching(/^breaker closed, 0% fail, route checkout to payments$/),
    ]);
    // The accessible name starts with the edge's visible words, whole and in order (WCAG 2.5.3, label in name).
    for (const e of graphEdges(before.nodes)) expect(e.label.replace(/[,%]/g, '')).toMatch(new RegExp(`^${`${e.stateText} ${e.rateText}`.replace(/[,%]/g, '')}\\b`));
    const after = nodesAt(6_000_000);
    const edge = graphEdges(after.nodes)[2]!;
    expect(edge.worst).toBe('open');
    expect(edge.label).toMatch(/^breaker open, \d+% fail, route checkout to payments(, open on 1 of 2 callers)?$/);
    expect([edge.stateText, edge.rateText]).toEqual(['breaker open', `${edge.failurePercent}% fail`]);
    expect(meshLook(after.nodes[3]).label).toBe('PAY1, payments instance, 0 of 8 workers busy, failing 70%');
    expect(graphColumns(after.nodes, after.kindOf).map((c) => c.instances.map((i) => i.name))).toEqual([['C1'], ['FE1'], ['CO1', 'CO2'], ['PAY1', 'PAY2']]);
  });

  it('the canary slider\'s command sets every split caller to the percent it is given; without one it steps', () => {
    const { nodes } = nodesAt(2_000_000, canaryEjection());
    const world = { nodes, nodeCount: nodes.length } as unknown as Parameters<typeof resolveCommand>[1];
    const env = {} as Parameters<typeof resolveCommand>[2];
    expect(resolveCommand(meshCommands, world, env, 'meshShiftCanary', [37])).toEqual({
      kind: 'actions',
      actions: [1, 2].map((node) => ({ kind: 'command', node, command: { type: 'setCanaryPercent', percent: 37 } })),
    });
    expect(resolveCommand(meshCommands, world, env, 'meshShiftCanary', [140])).toMatchObject({ actions: [{ command: { percent: 100 } }, { command: { percent: 100 } }] });
    expect(resolveCommand(meshCommands, world, env, 'meshShiftCanary', [])).toMatchObject({ actions: [{ command: { percent: 25 } }, { command: { percent: 25 } }] });
    expect(resolveCommand(meshCommands, world, env, 'meshShiftCanary', ['x'])).toMatchObject({ kind: 'problem' });
  });

  it('shows mTLS: the stranger in the client column without a certificate, modes per service, refusals after frontend turns strict', () => {
    const { nodes, kindOf } = nodesAt(7_000_000, mtlsStranger());
    const columns = graphColumns(nodes, kindOf, 7000);
    expect(columns.map((c) => [c.service, c.mtls])).toEqual([['client', null], ['frontend', 'strict'], ['checkout', 'permissive'], ['payments', 'permissive']]);
    expect(columns[0]!.instances.map((i) => i.note)).toEqual(['20/s', 'stranger, no certificate, 5/s']);
    expect(columns[1]!.instances[0]!.tls).toMatch(/^certificate valid, \d+ refused$/);
    const fe1 = nodes.find((n) => n.name === 'FE1')!;
    expect(meshLook(fe1).label).toMatch(/strict mTLS, \d+ calls refused/);
    expect(meshLook(nodes.find((n) => n.name === 'X1')).label).toMatch(/^X1, stranger outside the mesh, no certificate/);
  });

  it("with deadlines: an instance's dropped calls are counted in its name, its graph button's name and its service's sum; the drop is told in plain words", () => {
    const { nodes, kindOf } = nodesAt(8_000_000, retryStormDeadlines());
    const pay1 = nodes.find((n) => n.name === 'PAY1')!;
    const expired = asMeshView(pay1.view)!.instance!.expired!;
    expect(expired).toBeGreaterThan(0);
    expect(meshLook(pay1).label).toMatch(new RegExp(`^PAY1, payments instance, .*, ${expired} dropped past deadline`));
    const columns = graphColumns(nodes, kindOf);
    const payments = columns.find((c) => c.service === 'payments')!;
    expect(payments.instances.find((i) => i.name === 'PAY1')!.expired).toBe(expired);
    expect(payments.expired).toBe(payments.instances.reduce((n, i) => n + (i.expired ?? 0), 0));
    // Clients serve no calls: no count at all.
    expect(columns.find((c) => c.service === 'client')!.expired).toBeNull();
    // Without deadline propagation there is no count at all (not "0 dropped").
    const plain = nodesAt(2_000_000).nodes.find((n) => n.name === 'PAY1')!;
    expect(asMeshView(plain.view)!.instance!.expired).toBeNull();
    expect(meshLook(plain).label).not.toMatch(/deadline/);
    expect(graphColumns(nodesAt(2_000_000).nodes, nodesAt(2_000_000).kindOf).every((c) => c.expired === null)).toBe(true);
    const told = meshObservations['deadline-expired'].narrate!({ from: 1, callId: 7, lateMs: 3, waitedMs: 812.4 }, (id) => `N${id}`);
    expect(told).toMatchObject({ text: "drops N1's call without working on it: its deadline passed", note: 'it waited 812 ms in the queue; its caller had already given up', major: false });
    expect(meshObservations['deadline-expired'].narrate!({ from: 1, callId: 7, lateMs: 3, waitedMs: 0 }, (id) => `N${id}`).note).toMatch(/^it arrived too late/);
  });
});
