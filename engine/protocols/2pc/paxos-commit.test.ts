import { describe, expect, it } from 'vitest';
import type { TimedAction } from '../../kernel/actions';
import type { TraceEvent } from '../../kernel/trace';
import { InProcessRunner } from '../../runner/inprocess';
import { defaultScenario, type Scenario } from '../../scenario/schema';
import { configureTwoPc } from './config';

/**
 * Paxos Commit (commit: 'paxos', paxos-commit.ts) step by step on the real engine: participants
 * P1-P3 (nodes 0-2), the coordinator TM1 (node 3), acceptors A1-A3 (nodes 4-6); latency
 * 10-15 ms. A transaction sent at 1 s: Prepares arrive by 1.015 s, the participants' Phase2a at
 * the acceptors by 1.030 s, their Phase2b at TM1 by 1.045 s, the decision out from then.
 */
const TM = 3;
const ACCEPTORS = [4, 5, 6];
const txn = (at: number, writes: [string, number][]): TimedAction => ({
  at,
  action: { kind: 'command', node: TM, command: { type: 'txn', writes: writes.map(([key, value]) => ({ key, value })) } },
  by: 'user',
});

function scenario(timeline: TimedAction[], config: Record<string, unknown> = {}): Scenario {
  return {
    ...defaultScenario({
      protocol: '2pc',
      seed: 3,
      untilUs: 8_000_000,
      config: { refuseRate: 0, commit: 'paxos', ...config },
      workload: { kind: 'none' },
      topology: {
        groups: [
          { kind: 'participant', count: 3 },
          { kind: 'coordinator', count: 1 },
          { kind: 'acceptor', count: 3 },
        ],
      },
    }),
    timeline,
  };
}

function run(s: Scenario, untilUs: number) {
  const trace: TraceEvent[] = [];
  const runner = new InProcessRunner(s, { sink: (e) => trace.push(e) });
  runner.runUntil(untilUs);
  const observed = (what: string) => trace.filter((e): e is Extract<TraceEvent, { kind: 'observe' }> => e.kind === 'observe' && e.what === what);
  const view = (node: number) => runner.views()[node]!.view?.protocol as Record<string, unknown>;
  return { trace, observed, view, summary: () => runner.summary() };
}

const byNode = (a: unknown[], b: unknown[]) => (a[0] as number) - (b[0] as number);

describe('Paxos Commit settings', () => {
  it('defaults to the classic coordinator and names a bad mode', () => {
    expect(configureTwoPc({}).commit).toBe('coordinator');
    expect(configureTwoPc({}).cooperative).toBe(false);
    expect(configureTwoPc({ commit: 'paxos' }).commit).toBe('paxos');
    expect(() => configureTwoPc({ commit: 'raft' })).toThrow(/commit must be one of coordinator, paxos/);
  });

  it('refuses a Paxos Commit topology without acceptors', () => {
    const s = defaultScenario({ protocol: '2pc', seed: 1, untilUs: 1_000_000, config: { commit: 'paxos' }, topology: { groups: [{ kind: 'participant', count: 3 }, { kind: 'coordinator', count: 1 }] } });
    expect(() => new InProcessRunner(s)).toThrow(/needs acceptors/);
  });
});

describe('Paxos Commit', () => {
  it('commits through the acceptors: each vote goes to every acceptor, the coordinator learns from a majority of Phase2b', () => {
    const r = run(scenario([txn(1_000_000, [['k1', 7], ['k2', 8]])]), 2_000_000);
    const phase2a = r.trace.filter((e) => e.kind === 'send' && e.msg.type === 'Phase2a');
    // Two participants, each to three acceptors, and no Vote message at all.
    expect(phase2a.map((e) => [e.node, (e as { to: number }).to]).sort(byNode)).toEqual([[0, 4], [0, 5], [0, 6], [1, 4], [1, 5], [1, 6]]);
    expect(r.trace.some((e) => e.kind === 'send' && e.msg.type === 'Vote')).toBe(false);
    expect(r.observed('decision').map((e) => [e.node, e.data?.outcome, e.data?.ballot])).toEqual([[TM, 'commit', 0]]);
    expect((r.view(0).data as Record<string, { value: number }>).k1?.value).toBe(7);
    expect((r.view(1).data as Record<string, { value: number }>).k2?.value).toBe(8);
    expect(r.observed('takeover')).toEqual([]);
    expect(r.summary().violations).toEqual([]);
  });

  it('does not block when the coordinator crashes after the votes: an acceptor takes over and the participants decide within a second', () => {
    const s = scenario([
      txn(1_000_000, [['k1', 5], ['k2', 5]]),
      // The Prepares are out; TM1 is gone before any Phase2b reaches it (as in 2pc-blocks).
      { at: 1_016_000, action: { kind: 'crash', node: TM }, by: 'user' },
    ]);
    const r = run(s, 3_000_000);
    const takeovers = r.observed('takeover');
    expect(takeovers.length).toBeGreaterThanOrEqual(1);
    expect(ACCEPTORS).toContain(takeovers[0]!.node);
    // Both voted yes, and a majority accepted both: the new leader finds Prepared in its promises.
    expect(r.observed('decision').map((e) => e.data?.outcome)).toEqual(['commit']);
    const decides = r.observed('decide');
    expect(decides.map((e) => [e.node, e.data?.outcome]).sort(byNode)).toEqual([[0, 'commit'], [1, 'commit']]);
    // Classic 2PC waits for the coordinator's return (2pc's test: more than 1.9 s); here one query interval and two round trips.
    for (const d of decides) expect(d.data?.blockedUs as number).toBeLessThan(600_000);
    expect(r.summary().violations).toEqual([]);
  });

  it('proposes Aborted for a participant whose vote no acceptor holds', () => {
    // P2 is cut off from every acceptor: its yes vote never arrives; the coordinator's vote timeout runs phase 1 and aborts.
    const s = scenario([
      { at: 900_000, action: { kind: 'partition', groups: [[1], [0, 2, 3, 4, 5, 6]] }, by: 'user' },
      txn(1_000_000, [['k1', 5], ['k2', 5]]),
      { at: 1_200_000, action: { kind: 'heal' }, by: 'user' },
    ]);
    const r = run(s, 3_000_000);
    expect(r.observed('takeover').map((e) => e.node)).toEqual([TM]);
    expect(r.observed('decision').map((e) => [e.data?.outcome, e.data?.reason])).toEqual([['abort', "P2's instance chose Aborted"]]);
    expect(r.observed('decide').map((e) => [e.node, e.data?.outcome]).sort(byNode)).toEqual([[0, 'abort']]);
    expect(r.summary().violations).toEqual([]);
  });

  it('survives a crashed acceptor with no blocking at all: a majority of two still chooses', () => {
    const s = scenario([{ at: 500_000, action: { kind: 'crash', node: 4 }, by: 'user' }, txn(1_000_000, [['k1', 5], ['k3', 5]])]);
    const r = run(s, 2_000_000);
    expect(r.observed('decision').map((e) => [e.node, e.data?.outcome])).toEqual([[TM, 'commit']]);
    for (const d of r.observed('decide')) expect(d.data?.blockedUs as number).toBeLessThan(60_000);
    expect(r.summary().violations).toEqual([]);
  });

  it('blocks, as any commit protocol must, while a majority of acceptors is down, and decides once one returns', () => {
    const s = scenario([
      { at: 500_000, action: { kind: 'crash', node: 4 }, by: 'user' },
      { at: 500_000, action: { kind: 'crash', node: 5 }, by: 'user' },
      txn(1_000_000, [['k1', 5], ['k2', 5]]),
      { at: 3_000_000, action: { kind: 'restart', node: 5 }, by: 'user' },
    ]);
    const during = run(s, 2_900_000);
    expect(during.observed('decide')).toEqual([]);
    const after = run(s, 5_000_000);
    expect(after.observed('decide').length).toBe(2);
    expect(after.summary().violations).toEqual([]);
  });

  it('runs the default workload with commits, aborts, and no violation', () => {
    const s = { ...scenario([]), workload: { kind: 'default' as const }, untilUs: 10_000_000 };
    const summary = new InProcessRunner(s).runUntil(s.untilUs).summary();
    expect(summary.violations).toEqual([]);
    expect(summary.stats.committed as number).toBeGreaterThan(20);
    expect(summary.stats.instancesChosen as number).toBeGreaterThan(40);
  });
});
