import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../kernel/trace';
import { InProcessRunner } from '../../runner/inprocess';
import { defaultScenario, type Scenario } from '../../scenario/schema';
import { configurePrimaryReplica, TEACHING_TIMINGS } from './config';
import { lostWriteScenario, S1, S2, S3, TOPOLOGY } from './scenarios';

function run(scenario: Scenario) {
  const trace: TraceEvent[] = [];
  const runner = new InProcessRunner(scenario, { sink: (e) => trace.push(e) }).runUntil(scenario.untilUs);
  const observed = (what: string) => trace.filter((e): e is Extract<TraceEvent, { kind: 'observe' }> => e.kind === 'observe' && e.what === what);
  return { summary: runner.summary(), observed, views: runner.views() };
}

describe('primary-replica settings', () => {
  it("defaults to Patroni's ttl 30 s, loop_wait 10 s, retry_timeout 10 s", () => {
    const c = configurePrimaryReplica({});
    expect([c.ttlUs, c.loopWaitUs, c.retryTimeoutUs]).toEqual([30_000_000, 10_000_000, 10_000_000]);
    expect(c.replication).toBe('async');
    expect(c.fencing).toBe(true);
  });

  it('refuses loop_wait + 2 x retry_timeout > ttl, naming the rule', () => {
    expect(() => configurePrimaryReplica({ ttlMs: 3000, loopWaitMs: 1000, retryTimeoutMs: 1001 })).toThrow(/Patroni's rule/);
    expect(() => configurePrimaryReplica({ ttlMs: 3000, loopWaitMs: 1000, retryTimeoutMs: 1000 })).not.toThrow();
    expect(() => configurePrimaryReplica({ replication: 'quorum' })).toThrow(/replication/);
    expect(() => configurePrimaryReplica({ bogus: 1 })).toThrow(/bogus/);
  });
});

describe('replication and failover', () => {
  it('in a quiet run S1 stays primary, every write is acknowledged and every replica holds the whole log', () => {
    const r = run(defaultScenario({ protocol: 'primary-replica', topology: TOPOLOGY, config: { ...TEACHING_TIMINGS }, untilUs: 10_000_000 }));
    expect(r.summary.violations).toEqual([]);
    expect(r.summary.stats).toMatchObject({ failovers: 0, lostAckedWrites: 0, primaryAtEnd: 'S1' });
    const [p, a, b] = r.views.slice(0, 3).map((v) => v.view!.protocol as { last: number; role: string });
    expect(p!.role).toBe('primary');
    expect(p!.last).toBeGreaterThan(10);
    // The last write may still be on its way; the replicas are at most one behind.
    expect(p!.last - a!.last).toBeLessThanOrEqual(1);
    expect(p!.last - b!.last).toBeLessThanOrEqual(1);
  });

  it('the lost write: async loses acknowledged writes at failover, semi-sync and sync lose none', () => {
    const lost = (mode: 'async' | 'semi-sync' | 'sync') => run(lostWriteScenario(mode)).summary.stats.lostAckedWrites as number;
    const asyncRun = run(lostWriteScenario('async'));
    expect(asyncRun.summary.violations).toEqual([]);
    expect(asyncRun.summary.stats.lostAckedWrites).toBeGreaterThan(0);
    // S1 demoted itself before its lease ran out (Patroni's rule), and S2 or S3 took epoch 2.
    const demoted = asyncRun.observed('demoted').find((e) => e.node === S1)!;
    const promoted = asyncRun.observed('promoted').find((e) => (e.data as { epoch: number }).epoch === 2)!;
    expect(demoted.at).toBeLessThan(promoted.at);
    expect([S2, S3]).toContain(promoted.node);
    expect(lost('semi-sync')).toBe(0);
    expect(lost('sync')).toBe(0);
  });

  it('a replica further behind than maximumLagOnFailover never runs for primary', () => {
    // S1's shipments stop reaching S2 and S3 at 1 s while it still renews its lease (with its
    // position, Patroni's optime); it crashes at 4 s, both replicas are behind, neither may run.
    const scenario = defaultScenario({
      protocol: 'primary-replica',
      topology: TOPOLOGY,
      config: { ...TEACHING_TIMINGS, maximumLagOnFailover: 5 },
      timeline: [
        { at: 1_000_000, action: { kind: 'cut', from: S1, to: S2, oneWay: true } },
        { at: 1_000_000, action: { kind: 'cut', from: S1, to: S3, oneWay: true } },
        { at: 4_000_000, action: { kind: 'crash', node: S1 } },
      ],
      untilUs: 12_000_000,
    });
    const r = run(scenario);
    expect(r.observed('not-eligible').length).toBeGreaterThan(0);
    expect(r.observed('promoted').filter((e) => e.node !== S1)).toEqual([]);
  });

  it('a manual failover (promote S3) moves the primary to S3 in epoch 2 and S1 follows it', () => {
    const scenario = defaultScenario({
      protocol: 'primary-replica',
      topology: TOPOLOGY,
      config: { ...TEACHING_TIMINGS, autoFailover: false },
      timeline: [{ at: 3_000_000, action: { kind: 'command', node: S3, command: { type: 'promote' } } }],
      untilUs: 8_000_000,
    });
    const r = run(scenario);
    expect(r.summary.violations).toEqual([]);
    expect(r.observed('promoted').map((e) => [e.node, (e.data as { epoch: number }).epoch])).toEqual([
      [S1, 1],
      [S3, 2],
    ]);
    const s1 = r.views[S1]!.view!.protocol as { role: string; epoch: number; primary: number };
    expect(s1).toMatchObject({ role: 'replica', epoch: 2, primary: S3 });
  });
});
