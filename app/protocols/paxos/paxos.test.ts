import { describe, expect, it } from 'vitest';
import { nodeName } from '../../../engine/kernel/topology';
import type { TraceEvent } from '../../../engine/kernel/trace';
import { InProcessRunner } from '../../../engine/runner/inprocess';
import { defaultScenario } from '../../../engine/scenario/schema';
import { resolveCommand } from '../../commands/dispatch';
import { describeTrace } from '../../narrate/describer';
import type { NodeState } from '../../store/types';
import { paxosUi } from './index';
import { paxosLook } from './node';
import { asPaxosView } from './view';

/** A real run: three servers, duelling until 300 ms, then backing off. */
function run(untilUs: number) {
  const trace: TraceEvent[] = [];
  const scenario = defaultScenario({
    protocol: 'paxos',
    seed: 3,
    nodes: 3,
    untilUs,
    config: { strategy: 'duelling' },
    workload: { kind: 'none' },
    timeline: [0, 1, 2].map((node) => ({ at: 300_000, action: { kind: 'command' as const, node, command: { type: 'strategy', strategy: 'distinguished' } } })),
  });
  const runner = new InProcessRunner(scenario, { sink: (e) => trace.push(e) });
  runner.runUntil(untilUs);
  const nodes: NodeState[] = runner.views().map((v) => ({
    id: v.id,
    name: nodeName(null, v.id),
    up: v.up,
    incarnation: v.incarnation,
    view: (v.view?.protocol as Record<string, unknown> | null) ?? null,
    timers: v.view?.timers ?? [],
  }));
  return { trace, nodes };
}

describe("Paxos' view", () => {
  it('reads the view defensively', () => {
    expect(asPaxosView(null)).toBeNull();
    expect(asPaxosView({ roles: 'all' })).toBeNull();
    const v = asPaxosView({ roles: { acceptor: true }, acceptor: { promised: 'x', accepted: { ballot: 1001, value: 'ten' } }, proposer: { phase: 'dancing' } })!;
    expect(v.acceptor).toEqual({ promised: 0, accepted: null });
    expect(v.proposer!.phase).toBe('idle');
    expect(v.roles).toEqual({ proposer: false, acceptor: true, learner: false });
  });

  it('names nodes by their promise, acceptance and what they learned; narrates the duel and the cure', () => {
    const during = run(250_000);
    for (const n of during.nodes) expect(paxosLook(n, during.nodes).label).toMatch(/^S\d, proposer (preparing|asking to accept), ballot \d+\.S\d, promised \d+\.S\d, accepted .*, learned nothing yet$/);
    const { trace, nodes } = run(600_000);
    const labels = nodes.map((n) => paxosLook(n, nodes));
    expect(labels.every((l) => l.tone === 'learned' && /learned \d+$/.test(l.label))).toBe(true);
    const lines = describeTrace(trace, paxosUi.narrator).filter((l) => l.importance === 'major').map((l) => l.text);
    expect(lines.some((t) => /is pre-empted by ballot \d+\.S\d/.test(t))).toBe(true);
    expect(lines.some((t) => /learns \d+ \(a majority accepted ballot \d+\.S\d: the value is chosen\)/.test(t))).toBe(true);
    expect(lines.some((t) => t.includes('now backs off for a random time when pre-empted'))).toBe(true);
  });

  it('the cure is one toolbar command to every running proposer', () => {
    const { nodes } = run(100_000);
    const outcome = resolveCommand(paxosUi.commands, { nodes, nodeCount: 3 }, { nextValue: () => 1001 }, 'paxosBackOff', []);
    expect(outcome).toEqual({
      kind: 'actions',
      actions: [0, 1, 2].map((node) => ({ kind: 'command', node, command: { type: 'strategy', strategy: 'distinguished' } })),
    });
  });
});
