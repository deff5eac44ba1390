import { describe, expect, it } from 'vitest';
import type { Monitor, Violation } from '../../kernel/protocol';
import type { TraceEvent } from '../../kernel/trace';
import { raftSafetyMonitor } from './monitor';

/** Feeds a hand-made trace; returns the first violation (and the index of its event). */
function run(monitor: Monitor, events: TraceEvent[]): { violation?: Violation; at?: number } {
  for (let i = 0; i < events.length; i++) {
    const violation = monitor.observe(events[i]!);
    if (violation) return { violation, at: i };
  }
  return {};
}

/** A tiny trace writer: `t.observe(node, what, data)` in time order. */
function traceOf(nodes: number) {
  let at = 0;
  const seq = Array.from({ length: nodes }, () => 0);
  const events: TraceEvent[] = [];
  const base = (node: number) => ({ at: (at += 1000), node, incarnation: 0, seq: ++seq[node]! });
  for (let node = 0; node < nodes; node++) events.push({ ...base(node), kind: 'start', recovered: false });
  const t = {
    events,
    observe(node: number, what: string, data: Record<string, unknown>) {
      events.push({ ...base(node), kind: 'observe', what, data });
      return t;
    },
    leader(node: number, term: number) {
      return t.observe(node, 'role', { role: 'leader', term }).observe(node, 'leader', { term });
    },
    append(node: number, index: number, terms: number[], values: (number | string | null)[]) {
      return t.observe(node, 'append', { index, terms, values });
    },
    commit(node: number, index: number, term: number) {
      return t.observe(node, 'commit', { index, term });
    },
  };
  return t;
}

describe('raft safety monitor (Figure 3)', () => {
  it('accepts a correct history', () => {
    const t = traceOf(3)
      .leader(0, 1)
      .append(0, 1, [1], [null])
      .append(1, 1, [1], [null])
      .commit(0, 1, 1)
      .append(0, 2, [1], [7])
      .append(1, 2, [1], [7])
      .commit(0, 2, 1)
      .commit(1, 2, 1)
      .observe(0, 'role', { role: 'follower', term: 2 })
      .leader(1, 2);
    expect(run(raftSafetyMonitor(3), t.events).violation).toBeUndefined();
  });

  it('Election Safety: two leaders in one term', () => {
    const t = traceOf(3).leader(0, 4).leader(2, 4);
    const { violation, at } = run(raftSafetyMonitor(3), t.events);
    expect(violation?.invariant).toBe('Election Safety');
    expect(violation?.message).toBe('S3 became leader of term 4, which S1 already leads');
    expect(at).toBe(t.events.length - 1);
  });

  it('Leader Append-Only: a leader truncates its log', () => {
    const t = traceOf(2).leader(0, 1).append(0, 1, [1, 1], [null, 5]).observe(0, 'truncate', { from: 2 });
    expect(run(raftSafetyMonitor(2), t.events).violation?.invariant).toBe('Leader Append-Only');
  });

  it('Log Matching: the same index and term with different values', () => {
    const t = traceOf(3).append(0, 1, [1, 1], [null, 5]).append(1, 1, [1, 1], [null, 6]);
    const { violation } = run(raftSafetyMonitor(3), t.events);
    expect(violation?.invariant).toBe('Log Matching');
    expect(violation?.message).toContain('entry 2 of term 1 = 6');
  });

  it('Log Matching: the same index and term after different predecessors', () => {
    const t = traceOf(3).append(0, 1, [1, 2], [null, 5]).append(1, 1, [2, 2], [null, 5]);
    expect(run(raftSafetyMonitor(3), t.events).violation?.invariant).toBe('Log Matching');
  });

  it('State Machine Safety: two nodes commit different entries at one index', () => {
    const t = traceOf(3)
      .append(0, 1, [1], [3])
      .commit(0, 1, 1)
      .append(1, 1, [2], [4])
      .commit(1, 1, 2);
    const { violation } = run(raftSafetyMonitor(3), t.events);
    expect(violation?.invariant).toBe('State Machine Safety');
    expect(violation?.message).toBe('S2 committed 4 (term 2) at index 1, where 3 (term 1) was committed');
  });

  it('State Machine Safety: a node removes an entry it committed', () => {
    const t = traceOf(2).append(1, 1, [1, 1], [3, 4]).commit(1, 2, 1).observe(1, 'truncate', { from: 2 });
    expect(run(raftSafetyMonitor(2), t.events).violation?.invariant).toBe('State Machine Safety');
  });

  it('Leader Completeness: a new leader lacks a committed entry', () => {
    const t = traceOf(3)
      .append(0, 1, [1, 1], [null, 8])
      .append(1, 1, [1, 1], [null, 8])
      .commit(0, 2, 1)
      .append(2, 1, [1], [null])
      .leader(2, 2);
    const { violation } = run(raftSafetyMonitor(3), t.events);
    expect(violation?.invariant).toBe('Leader Completeness');
  });

  it('Leader Completeness binds the leaders of higher terms only, as Figure 3 states it', () => {
    // Entry 1 is committed in term 2, entry 2 in term 4 (both by their leaders).
    const committed = () =>
      traceOf(3)
        .leader(0, 2)
        .append(0, 1, [2], [null])
        .append(1, 1, [2], [null])
        .commit(0, 1, 2)
        .leader(1, 4)
        .append(1, 2, [4], [null])
        .append(0, 2, [4], [null])
        .commit(1, 2, 4);
    // Issue 9's reproduction: S3, elected late in term 1 by a delayed vote, lacks both: legal.
    expect(run(raftSafetyMonitor(3), committed().leader(2, 1).events).violation).toBeUndefined();
    // A leader of term 3 must hold entry 1 (committed in term 2), not entry 2 (term 4).
    expect(run(raftSafetyMonitor(3), committed().append(2, 1, [2], [null]).leader(2, 3).events).violation).toBeUndefined();
    const { violation } = run(raftSafetyMonitor(3), committed().leader(2, 3).events);
    expect(violation?.invariant).toBe('Leader Completeness');
    expect(violation?.message).toBe('S3 became leader of term 3 without entry 1 (term 2), committed in term 2; its log has 0 entries');
    // A leader of term 5 must hold both.
    const late = run(raftSafetyMonitor(3), committed().append(2, 1, [2], [null]).leader(2, 5).events);
    expect(late.violation?.message).toBe('S3 became leader of term 5 without entry 2 (term 4), committed in term 4; its log has 1 entries');
  });

  it('keeps a crashed node log (durable) and checks what it recovers', () => {
    const t = traceOf(2).append(1, 1, [1, 1], [3, 4]);
    t.events.push({ at: 90_000, node: 1, incarnation: 0, seq: 99, kind: 'crash' });
    t.events.push({ at: 91_000, node: 1, incarnation: 1, seq: 1, kind: 'start', recovered: true });
    t.observe(1, 'recover', { term: 1, votedFor: 0, logLength: 2 }).append(1, 3, [1], [5]);
    expect(run(raftSafetyMonitor(2), t.events).violation).toBeUndefined();
    const lying = traceOf(2).append(1, 1, [1], [3]).observe(1, 'recover', { term: 1, votedFor: 0, logLength: 4 });
    expect(run(raftSafetyMonitor(2), lying.events).violation?.invariant).toBe('Durability');
  });

  it('reports liveness after a heal: no leader, or no commit although clients wrote', () => {
    const monitor = raftSafetyMonitor(3);
    const t = traceOf(3).append(0, 1, [1], [null]).commit(0, 1, 1);
    t.events.push({ at: 500_000, node: 1, incarnation: 0, seq: 50, kind: 'invoke', opId: 1, command: { type: 'write' } });
    run(monitor, t.events);
    // Leaderless from the heal (0.4 s) to the end (2 s): longer than 5 election timeouts.
    const { stats, violations } = monitor.finish({ untilUs: 2_000_000, healedAtUs: 400_000 });
    expect(violations.map((v) => v.invariant)).toEqual(['Liveness: leader after heal', 'Liveness: progress after heal']);
    expect(stats).toMatchObject({ leaderAtEnd: null, committed: 1, committedAfterHeal: 0 });
    expect(monitor.finish({ untilUs: 2_000_000, healedAtUs: null }).violations).toEqual([]);
    // An election under way when the run ends is not a finding.
    expect(monitor.finish({ untilUs: 1_000_000, healedAtUs: 400_000 }).violations.map((v) => v.invariant)).toEqual([
      'Liveness: progress after heal',
    ]);
  });

  it('judges liveness over the members of the latest committed configuration', () => {
    // S1 leads term 1 and appends the removal of S3; S3, cut off, never hears of it and
    // campaigns in terms of its own (without Pre-Vote, or by forceElection).
    const removal = () =>
      traceOf(3)
        .leader(0, 1)
        .append(0, 1, [1, 1], [null, 'config 0,1'])
        .append(1, 1, [1, 1], [null, 'config 0,1'])
        .commit(0, 1, 1)
        .observe(2, 'role', { role: 'candidate', term: 5 });
    const end = { untilUs: 5_000_000, healedAtUs: 1_000_000 };
    // Once the removal is committed S3 matters to nobody: S1 leads the members left.
    const committed = raftSafetyMonitor(3);
    run(committed, removal().commit(0, 2, 1).events);
    expect(committed.finish(end)).toMatchObject({ violations: [], stats: { leaderAtEnd: 0 } });
    // Before that, S3 is still a member of the committed configuration, and its term says
    // that S1 leads no longer.
    const pending = raftSafetyMonitor(3);
    run(pending, removal().events);
    const { violations, stats } = pending.finish(end);
    expect(stats.leaderAtEnd).toBeNull();
    expect(violations.map((v) => v.message)).toEqual([
      'the members of the committed configuration (S1, S2, S3) have followed no leader since 1000.0 ms, although every fault was healed at 1000.0 ms',
    ]);
  });

  it('snapshots and restores its state as plain data', () => {
    const t = traceOf(3).leader(0, 1).append(0, 1, [1], [null]);
    const a = raftSafetyMonitor(3);
    run(a, t.events);
    const b = raftSafetyMonitor(3);
    b.restore(JSON.parse(JSON.stringify(a.snapshot())));
    // The restored monitor remembers who leads term 1.
    expect(b.observe({ at: 1e6, node: 2, incarnation: 0, seq: 9, kind: 'observe', what: 'leader', data: { term: 1 } })?.invariant).toBe(
      'Election Safety',
    );
  });
});
