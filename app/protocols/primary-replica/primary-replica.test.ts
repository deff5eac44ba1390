import { beforeAll, describe, expect, it } from 'vitest';
import { nodeName, scenarioLayout } from '../../../engine/kernel/topology';
import type { TraceEvent } from '../../../engine/kernel/trace';
import { primaryReplica } from '../../../engine/protocols/primary-replica/primary-replica';
import { lostWriteScenario, S1, S2, splitBrainScenario } from '../../../engine/protocols/primary-replica/scenarios';
import { InProcessRunner } from '../../../engine/runner/inprocess';
import type { Scenario } from '../../../engine/scenario/schema';
import { describeTrace } from '../../narrate/describer';
import { useSim } from '../../store/store';
import type { NodeState } from '../../store/types';
import { primaryReplicaUi } from './index';
import { ledgerOf } from './ledger';
import { prLook } from './node';
import { asPrView, currentPrimary, primariesNow } from './view';

/** A real run to `untilUs`, its trace and its nodes as the store holds them. */
function run(scenario: Scenario, untilUs: number) {
  const trace: TraceEvent[] = [];
  const runner = new InProcessRunner(scenario, { sink: (e) => trace.push(e) }).runUntil(untilUs);
  const layout = scenarioLayout(scenario, primaryReplica.topology!);
  useSim.setState({ topology: layout });
  const nodes: NodeState[] = runner.views().map((v) => ({
    id: v.id,
    name: nodeName(layout, v.id),
    up: v.up,
    incarnation: v.incarnation,
    view: (v.view?.protocol as Record<string, unknown> | null) ?? null,
    timers: v.view?.timers ?? [],
  }));
  return { trace, nodes, runner };
}

describe("primary-replica's page", () => {
  beforeAll(() => useSim.setState({ topology: null }));

  it('reads views defensively', () => {
    expect(asPrView(null)).toBeNull();
    expect(asPrView({ kind: 'nope' })).toBeNull();
    const v = asPrView({ kind: 'server', role: 'boss', followers: [{ node: 'x' }], tail: 'no' })!;
    expect(v).toMatchObject({ kind: 'server', role: 'replica', followers: [{ node: 0, match: 0, entries: 0, ms: 0 }], tail: [] });
  });

  it('names each node with its role and a replica with its lag ("S2, replica, 340 ms behind, 12 entries")', () => {
    // The lost-write run at 6 s: S1 cut off from its replicas keeps taking writes they lack.
    const { nodes } = run(lostWriteScenario('async'), 6_000_000);
    expect(prLook(nodes[S1], nodes).label).toMatch(/^S1, primary, epoch 1, log at \d+$/);
    expect(prLook(nodes[S2], nodes).label).toMatch(/^S2, replica, \d+ ms behind, \d+ entries, epoch 1, log at \d+$/);
    expect(prLook(nodes[3], nodes).label).toBe('D1, lease store, lease held by S1 in epoch 1');
    expect(prLook(nodes[4], nodes).label).toMatch(/^C1, client, knows epoch 1, \d+ waiting$/);
  });

  it('shows the split brain: two primaries, the old one named as such', () => {
    // Just after S1 resumes, before the fenced shipment reaches it, and without fencing for longer.
    const { nodes } = run(splitBrainScenario(false), 10_300_000);
    expect(primariesNow(nodes)).toBe(2);
    expect(currentPrimary(nodes)!.node.id).toBe(S2);
    expect(prLook(nodes[S1], nodes)).toMatchObject({ tone: 'pr-stale' });
    expect(prLook(nodes[S1], nodes).label).toMatch(/epoch 1, which is over \(split brain\)/);
  });

  it("the page's ledger counts the same lost writes as the CLI's stats", () => {
    const scenario = lostWriteScenario('async');
    const { trace, runner } = run(scenario, scenario.untilUs);
    const stats = runner.summary().stats;
    expect(ledgerOf(trace).lost.length).toBe(stats.lostAckedWrites);
    expect(ledgerOf(trace).lag.length).toBeGreaterThan(10);
  });

  it('narrates a failover in words', () => {
    const { trace } = run(lostWriteScenario('async'), 12_000_000);
    const major = describeTrace(trace, primaryReplicaUi.narrator).filter((l) => l.importance === 'major').map((l) => l.text);
    const said = major.join('\n');
    expect(major.some((t) => /^S1's renew-deadline timer fired; it stops being primary \(the lease store did not answer within retry_timeout\)/.test(t)), said).toBe(true);
    expect(major.some((t) => /^S[23] got LeaseGranted from D1; it becomes primary of epoch 2/.test(t)), said).toBe(true);
    expect(major.some((t) => /^S1 stores S[23]'s shipment and acknowledges it; it rewinds its log to \d+, dropping \d+ entries/.test(t)), said).toBe(true);
  });
});
