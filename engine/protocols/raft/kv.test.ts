import { describe, expect, it } from 'vitest';
import { InProcessRunner } from '../../runner/inprocess';
import { chaosTimeline } from '../../scenario/chaos';
import { parseScenario, type Scenario } from '../../scenario/schema';
import { raft } from './raft';
import { TestCluster } from './test-cluster';
import type { RaftCommand } from './types';

/**
 * The replicated state machine as a key-value store: a command may name a `key` (absent: the
 * register `x`, as before keys existed), and the default workload spreads its operations over
 * `kvKeys` keys. Entries, snapshots and messages carry keys only when they are used, so runs
 * without keys keep their hashes (engine/scenario/old-links.test.ts, builtins.test.ts).
 */
function committedCluster(config: Record<string, unknown> = {}): TestCluster {
  const c = new TestCluster(3, config);
  c.campaign(0);
  const writes: RaftCommand[] = [
    { type: 'write', key: 'k1', value: 1 },
    { type: 'write', key: 'k2', value: 2 },
    { type: 'write', value: 3 },
    { type: 'write', key: 'k1', value: 4 },
  ];
  for (const w of writes) {
    c.command(0, w);
    c.heartbeat(0);
  }
  c.heartbeat(0);
  return c;
}

const read = (c: TestCluster, key?: string) => {
  const opId = c.command(0, key === undefined ? { type: 'read' } : { type: 'read', key });
  c.heartbeat(0);
  return c.replies.get(opId) as { ok: boolean; value?: unknown };
};

describe('raft as a key-value store', () => {
  it('applies each write to its key, and reads each key apart (the register x without a key)', () => {
    const c = committedCluster();
    for (const id of [0, 1, 2]) {
      expect(c.state(id).appliedKv).toEqual({ k1: 4, k2: 2 });
      expect(c.state(id).appliedValue).toBe(3);
    }
    expect(read(c, 'k1')).toMatchObject({ ok: true, value: 4 });
    expect(read(c, 'k2')).toMatchObject({ ok: true, value: 2 });
    expect(read(c, 'k3')).toMatchObject({ ok: true, value: null });
    expect(read(c)).toMatchObject({ ok: true, value: 3 });
    expect(read(c, 'x')).toMatchObject({ ok: true, value: 3 });
  });

  it('refuses a key that is not a short name', () => {
    const c = committedCluster();
    const opId = c.command(0, { type: 'write', key: '<b>' as string, value: 1 });
    expect(c.replies.get(opId)).toMatchObject({ ok: false, error: expect.stringMatching(/^key must be/) });
  });

  it('keeps the keys through a snapshot: a restarted follower and one brought up by InstallSnapshot hold them', () => {
    // Entries: 1 the leader's no-op, 2 k1=1, 3 k2=2, 4 x=3, 5 k1=4; snapshots at 2 and 4.
    const c = committedCluster({ snapshotThreshold: 2 });
    expect(c.state(1).snapshot).toMatchObject({ lastIncludedIndex: 4, value: 3, kv: { k1: 1, k2: 2 } });
    c.crash(1).start(1);
    expect(c.state(1).appliedKv).toEqual({ k1: 1, k2: 2 });
    c.heartbeat(0);
    expect(c.state(1).appliedKv).toEqual({ k1: 4, k2: 2 });
    // S3 misses everything while down, then catches up from the leader's snapshot.
    const late = committedCluster({ snapshotThreshold: 2 });
    late.crash(2);
    late.command(0, { type: 'write', key: 'k2', value: 9 });
    for (let i = 0; i < 4; i++) late.heartbeat(0);
    late.start(2);
    for (let i = 0; i < 4; i++) late.heartbeat(0);
    expect(late.trace.some((e) => e.kind === 'send' && e.to === 2 && e.msg.type === 'InstallSnapshot')).toBe(true);
    expect(late.state(2).appliedKv).toEqual({ k1: 4, k2: 9 });
  });

  it('leaves entries and snapshots without keys exactly as before', () => {
    const c = new TestCluster(3, { snapshotThreshold: 2 });
    c.campaign(0);
    for (let v = 1; v <= 3; v++) {
      c.write(0, v);
      c.heartbeat(0);
    }
    c.heartbeat(0);
    expect(c.state(1).log.every((e) => !('key' in e))).toBe(true);
    expect(Object.keys(c.state(1).snapshot)).toEqual(['lastIncludedIndex', 'lastIncludedTerm', 'value', 'members']);
  });

  it('draws keys k1..kn for the workload, and nothing more without kvKeys', () => {
    const keyed = raft.workload!(raft.configure({ kvKeys: 3, readFraction: 0.5 }))!;
    const seen = new Set<string>();
    let reads = 0;
    const stream = { float: (() => { let i = 0; return () => ((i++ * 0.37) % 1); })(), int: (min: number, max: number) => min + (seen.size % (max - min + 1)) };
    for (let n = 0; n < 30; n++) {
      const command = keyed.makeCommand(n, stream as never) as RaftCommand & { key?: string };
      seen.add(command.key!);
      if (command.type === 'read') reads++;
    }
    expect([...seen].sort()).toEqual(['k1', 'k2', 'k3']);
    expect(reads).toBeGreaterThan(0);
    const plain = raft.workload!(raft.configure({}))!;
    const untouched = { float: () => { throw new Error('drew'); }, int: () => { throw new Error('drew'); } };
    expect(plain.makeCommand(7, untouched as never)).toEqual({ type: 'write', value: 7 });
  });

  it('a chaotic run over five keys with 30% reads is linearizable, key by key', () => {
    const base = parseScenario({
      version: 2,
      seed: 11,
      protocol: { name: 'raft', config: { kvKeys: 5, readFraction: 0.3 } },
      nodes: 5,
      network: { latencyUs: { min: 10_000, max: 15_000 } },
      untilUs: 20_000_000,
    });
    const chaos = chaosTimeline({ seed: 11, nodes: 5, untilUs: 15_000_000 });
    const scenario: Scenario = { ...base, timeline: chaos.timeline, healedAtUs: chaos.healedAtUs };
    const keys = new Set<string>();
    const runner = new InProcessRunner(scenario, {
      sink: (e) => {
        if (e.kind === 'invoke') keys.add(String((e.command as { key?: string }).key));
      },
    });
    const summary = runner.runUntil(scenario.untilUs).summary();
    expect(summary.violations).toEqual([]);
    expect(summary.stats.linearizable).toBe(true);
    expect(summary.stats.historyReads as number).toBeGreaterThan(100);
    expect([...keys].sort()).toEqual(['k1', 'k2', 'k3', 'k4', 'k5']);
  });
});
