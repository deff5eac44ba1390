import { describe, expect, it } from 'vitest';
import type { TimedAction } from '../../kernel/actions';
import type { TraceEvent } from '../../kernel/trace';
import { InProcessRunner } from '../../runner/inprocess';
import { defaultScenario, type Scenario } from '../../scenario/schema';
import { configureTwoPc, ownerOf } from './config';

/**
 * Two-phase commit, step by step, on the real engine: 3 participants (P1-P3, nodes 0-2) and one
 * coordinator (TM1, node 3); latency 10-15 ms, so a transaction sent at 1 s has its Prepares
 * delivered by 1.015 s, its votes by 1.030 s and its decision on the wire from then.
 */
const TM = 3;
const txn = (at: number, writes: [string, number][]): TimedAction => ({
  at,
  action: { kind: 'command', node: TM, command: { type: 'txn', writes: writes.map(([key, value]) => ({ key, value })) } },
  by: 'user',
});

function scenario(timeline: TimedAction[], untilUs = 8_000_000, config: Record<string, unknown> = {}): Scenario {
  return {
    ...defaultScenario({
      protocol: '2pc',
      seed: 3,
      untilUs,
      config: { refuseRate: 0, ...config },
      workload: { kind: 'none' },
      topology: { groups: [{ kind: 'participant', count: 3 }, { kind: 'coordinator', count: 1 }] },
    }),
    timeline,
  };
}

function run(s: Scenario, untilUs = s.untilUs) {
  const trace: TraceEvent[] = [];
  const runner = new InProcessRunner(s, { sink: (e) => trace.push(e) });
  runner.runUntil(untilUs);
  const observed = (what: string) => trace.filter((e): e is Extract<TraceEvent, { kind: 'observe' }> => e.kind === 'observe' && e.what === what);
  const view = (node: number) => runner.views()[node]!.view?.protocol as Record<string, unknown>;
  return { runner, trace, observed, view, summary: () => runner.summary() };
}

describe('2pc configuration', () => {
  it('fills defaults, clamps, and names a bad field', () => {
    const c = configureTwoPc({});
    expect(c.keys).toBe(6);
    expect(c.keysPerTxn).toBe(2);
    expect(configureTwoPc({ keys: 2, keysPerTxn: 5 }).keysPerTxn).toBe(2);
    expect(() => configureTwoPc({ keys: 'many' })).toThrow(/keys must be a number/);
    expect(() => configureTwoPc({ lockTimeout: 3 })).toThrow(/unknown 2pc setting "lockTimeout"/);
  });

  it('deals keys to participants round robin', () => {
    expect(['k1', 'k2', 'k3', 'k4'].map((k) => ownerOf(k, [0, 1, 2]))).toEqual([0, 1, 2, 0]);
  });
});

describe('two-phase commit', () => {
  it('commits when every participant votes yes: each applies its own writes, then the coordinator forgets', () => {
    const r = run(scenario([txn(1_000_000, [['k1', 7], ['k2', 8]])]), 2_000_000);
    const byNode = (a: unknown[], b: unknown[]) => (a[0] as number) - (b[0] as number);
    expect(r.observed('vote').map((e) => [e.node, e.data?.yes]).sort(byNode)).toEqual([[0, true], [1, true]]);
    expect(r.observed('decision').map((e) => e.data?.outcome)).toEqual(['commit']);
    expect((r.view(0).data as Record<string, { value: number }>).k1?.value).toBe(7);
    expect((r.view(1).data as Record<string, { value: number }>).k2?.value).toBe(8);
    expect(r.view(2).data).toEqual({});
    expect(r.observed('end').map((e) => e.data?.outcome)).toEqual(['commit']);
    expect(r.summary().violations).toEqual([]);
  });

  it('a conflicting transaction gets a no vote (no-wait locking) and aborts everywhere', () => {
    // The second transaction's Prepare reaches P1 while the first holds k1's lock.
    const r = run(scenario([txn(1_000_000, [['k1', 1], ['k2', 1]]), txn(1_001_000, [['k1', 2], ['k3', 2]])]), 2_000_000);
    const decisions = r.observed('decision').map((e) => [e.data?.txid, e.data?.outcome]);
    expect(decisions).toContainEqual(['TM1.1', 'commit']);
    expect(decisions).toContainEqual(['TM1.2', 'abort']);
    expect(r.observed('vote').find((e) => e.data?.txid === 'TM1.2' && e.node === 0)?.data).toMatchObject({ yes: false, reason: 'k1 is locked by TM1.1' });
    expect((r.view(0).data as Record<string, { value: number }>).k1?.value).toBe(1);
    expect(r.view(2).data).toEqual({});
    expect(r.summary().violations).toEqual([]);
  });

  it('blocks: with the coordinator down after the votes, the participants keep their locks and ask, until it returns and presumes abort', () => {
    const s = scenario([
      txn(1_000_000, [['k1', 5], ['k2', 5]]),
      { at: 1_016_000, action: { kind: 'crash', node: TM }, by: 'user' },
      txn(1_500_000, [['k1', 6]]), // refused by the crashed coordinator: nothing happens
      { at: 3_000_000, action: { kind: 'restart', node: TM }, by: 'user' },
    ]);
    const during = run(s, 2_900_000);
    const prepared = (node: number) => (during.view(node).prepared as { txid: string }[]).map((p) => p.txid);
    expect(prepared(0)).toEqual(['TM1.1']);
    expect(prepared(1)).toEqual(['TM1.1']);
    expect(during.view(0).locks).toEqual({ k1: 'TM1.1' });
    expect(during.observed('query').length).toBeGreaterThanOrEqual(8);
    expect(during.observed('decide')).toEqual([]);

    const after = run(s, 5_000_000);
    const decides = after.observed('decide');
    expect(decides.map((e) => [e.node, e.data?.outcome]).sort((a, b) => (a[0] as number) - (b[0] as number))).toEqual([[0, 'abort'], [1, 'abort']]);
    for (const d of decides) expect(d.data?.blockedUs as number).toBeGreaterThan(1_900_000);
    expect(after.view(0).locks).toEqual({});
    expect(after.summary().violations).toEqual([]);
  });

  it('recovers a logged commit: the decision on the coordinator\'s disk is sent again after a restart', () => {
    const s = scenario([
      txn(1_000_000, [['k1', 9], ['k3', 9]]),
      // The commit is logged by 1.030 s; the partition drops the Commits still on the wire.
      { at: 1_032_000, action: { kind: 'partition', groups: [[TM], [0, 1, 2]] }, by: 'user' },
      { at: 1_100_000, action: { kind: 'crash', node: TM }, by: 'user' },
      { at: 1_200_000, action: { kind: 'heal' }, by: 'user' },
      { at: 2_000_000, action: { kind: 'restart', node: TM }, by: 'user' },
    ]);
    const r = run(s, 4_000_000);
    expect(r.observed('decision').map((e) => e.data?.outcome)).toEqual(['commit']);
    expect(r.observed('recover').find((e) => e.node === TM)?.data).toEqual({ txids: ['TM1.1'] });
    expect(r.observed('decide').map((e) => [e.node, e.data?.outcome]).sort((a, b) => (a[0] as number) - (b[0] as number))).toEqual([[0, 'commit'], [2, 'commit']]);
    expect((r.view(2).data as Record<string, { value: number }>).k3?.value).toBe(9);
    expect(r.summary().violations).toEqual([]);
  });

  it('a participant that crashes while in doubt keeps its locks and its prepared record', () => {
    const s = scenario([
      txn(1_000_000, [['k1', 4], ['k2', 4]]),
      { at: 1_016_000, action: { kind: 'crash', node: TM }, by: 'user' },
      { at: 1_200_000, action: { kind: 'crash', node: 0 }, by: 'user' },
      { at: 1_300_000, action: { kind: 'restart', node: 0 }, by: 'user' },
    ]);
    const r = run(s, 1_400_000);
    expect(r.view(0).locks).toEqual({ k1: 'TM1.1' });
    expect(r.observed('recover').find((e) => e.node === 0)?.data).toEqual({ txids: ['TM1.1'], keys: ['k1'] });
  });

  it('runs the default workload with commits, aborts, and no violation', () => {
    const s = defaultScenario({ protocol: '2pc', seed: 1, untilUs: 10_000_000, topology: { groups: [{ kind: 'participant', count: 3 }, { kind: 'coordinator', count: 1 }] } });
    const summary = new InProcessRunner(s).runUntil(s.untilUs).summary();
    expect(summary.violations).toEqual([]);
    expect(summary.stats.committed as number).toBeGreaterThan(20);
    expect(summary.stats.transactions as number).toBeGreaterThan(summary.stats.committed as number);
  });
});

describe('cooperative termination (cooperative: true)', () => {
  it('a participant that never voted answers a peer in doubt with an abort, so the others stop blocking while the coordinator is down', () => {
    const s = scenario(
      [
        // P3 (node 2) is cut off: it never gets its Prepare. TM1 crashes before the vote timeout.
        { at: 900_000, action: { kind: 'partition', groups: [[2], [0, 1, 3]] }, by: 'user' },
        txn(1_000_000, [['k1', 5], ['k2', 5], ['k3', 5]]),
        { at: 1_040_000, action: { kind: 'crash', node: TM }, by: 'user' },
        { at: 1_200_000, action: { kind: 'heal' }, by: 'user' },
      ],
      8_000_000,
      { cooperative: true },
    );
    const r = run(s, 3_000_000);
    expect(r.observed('vote').find((e) => e.node === 2)?.data).toMatchObject({ yes: false });
    const decides = r.observed('decide');
    expect(decides.map((e) => [e.node, e.data?.outcome]).sort((a, b) => (a[0] as number) - (b[0] as number))).toEqual([[0, 'abort'], [1, 'abort']]);
    // Decided by the peers, with TM1 still down (it never returns in this run).
    for (const d of decides) expect(d.at).toBeLessThan(2_000_000);
    expect(r.summary().violations).toEqual([]);
  });

  it('still blocks when every participant is prepared: nobody knows, nobody may abort', () => {
    const s = scenario(
      [txn(1_000_000, [['k1', 5], ['k2', 5]]), { at: 1_016_000, action: { kind: 'crash', node: TM }, by: 'user' }],
      8_000_000,
      { cooperative: true },
    );
    const r = run(s, 3_000_000);
    expect(r.trace.some((e) => e.kind === 'send' && e.msg.type === 'AskPeer')).toBe(true);
    expect(r.observed('uncertain').length).toBeGreaterThan(0);
    expect(r.observed('decide')).toEqual([]);
  });

  it('is off by default: no peer is asked', () => {
    const s = scenario([txn(1_000_000, [['k1', 5], ['k2', 5]]), { at: 1_016_000, action: { kind: 'crash', node: TM }, by: 'user' }]);
    expect(run(s, 3_000_000).trace.some((e) => e.kind === 'send' && e.msg.type === 'AskPeer')).toBe(false);
  });
});
