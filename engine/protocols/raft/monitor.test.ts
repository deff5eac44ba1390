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

  it('Log Matching: entries of a second term at an index are compared too, not only those of the first', () => {
    // Index 1 holds a term-1 entry at node 0; nodes 1 and 2 hold term-2 entries there that differ.
    const t = traceOf(3).append(0, 1, [1], [4]).append(1, 1, [2], [5]);
    expect(run(raftSafetyMonitor(3), t.events).violation).toBeUndefined();
    t.append(2, 1, [2], [6]);
    const { violation } = run(raftSafetyMonitor(3), t.events);
    expect(violation?.invariant).toBe('Log Matching');
    expect(violation?.message).toContain('entry 1 of term 2 = 6 after an entry of term 0, but that index and term hold 5 after term 0');
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
    // The heal time is the scenario's, known from the start: commits after it are counted live.
    const monitor = raftSafetyMonitor(3, undefined, { healedAtUs: 400_000 });
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

describe('raft safety monitor with log compaction (§7)', () => {
  /** Three nodes that all hold and commit indices 1..n (a no-op, then writes 1..n-1), term 1. */
  function committed(n: number) {
    const t = traceOf(3).leader(0, 1);
    const terms = Array.from({ length: n }, () => 1);
    const values = Array.from({ length: n }, (_, i) => (i === 0 ? null : i));
    for (const node of [0, 1, 2]) t.append(node, 1, terms, values).commit(node, n, 1);
    return t;
  }
  const snapshot = (index: number, term: number, value: number | null, members = [0, 1, 2]) => ({ index, term, value, members });

  it('accepts snapshots of the committed state, and keeps checking the entries after them', () => {
    const t = committed(10);
    for (const node of [0, 1, 2]) t.observe(node, 'snapshot', snapshot(8, 1, 7));
    t.append(0, 11, [1], [10]).append(1, 11, [1], [10]).commit(0, 11, 1).commit(1, 11, 1);
    expect(run(raftSafetyMonitor(3), t.events).violation).toBeUndefined();
    // The next entry still has to agree with what was appended elsewhere.
    t.append(2, 11, [1], [99]);
    expect(run(raftSafetyMonitor(3), t.events).violation?.invariant).toBe('Log Matching');
  });

  it('State Machine Safety: a snapshot of entries not committed, or of another state', () => {
    const cases: [ReturnType<typeof snapshot>, RegExp][] = [
      [snapshot(12, 1, 11), /snapshotted up to index 12, but only 10 entries are committed/],
      [snapshot(8, 1, 6), /snapshot up to index 8 of term 1 with value 6 .* committed log there is of term 1 with value 7/],
      [snapshot(8, 2, 7), /of term 2 .* of term 1/],
      [snapshot(8, 1, 7, [0, 1]), /and config 0,1, but .* and config 0,1,2$/],
    ];
    for (const [bad, message] of cases) {
      const { violation } = run(raftSafetyMonitor(3), committed(10).observe(1, 'snapshot', bad).events);
      expect(violation?.invariant, JSON.stringify(bad)).toBe('State Machine Safety');
      expect(violation?.message).toMatch(message);
    }
  });

  it('Leader Completeness holds through a snapshot, and still fails when the committed entry is missing', () => {
    const t = committed(10).observe(2, 'snapshot', snapshot(10, 1, 9)).observe(0, 'role', { role: 'follower', term: 2 }).leader(2, 2);
    expect(run(raftSafetyMonitor(3), t.events).violation).toBeUndefined();
    // S3 installs an older snapshot than the committed log, discarding the rest: it may not lead.
    const u = traceOf(3).leader(0, 1).append(0, 1, [1, 1, 1], [null, 1, 2]).append(1, 1, [1, 1, 1], [null, 1, 2]).commit(0, 3, 1).commit(1, 3, 1);
    u.observe(2, 'snapshot', snapshot(2, 1, 1, [0, 1, 2])).leader(2, 2);
    expect(run(raftSafetyMonitor(3), u.events).violation?.invariant).toBe('Leader Completeness');
  });

  it('checks the snapshot a node recovers with (Durability)', () => {
    const t = committed(10).observe(1, 'snapshot', snapshot(8, 1, 7));
    t.events.push({ at: 90_000_000, node: 1, incarnation: 0, seq: 999, kind: 'crash' });
    t.events.push({ at: 91_000_000, node: 1, incarnation: 1, seq: 1, kind: 'start', recovered: true });
    const good = [...t.events, { ...t.events[0]!, at: 92_000_000, node: 1, incarnation: 1, seq: 2, kind: 'observe' as const, what: 'recover', data: { term: 1, votedFor: 0, logLength: 10, snapshotIndex: 8 } }];
    expect(run(raftSafetyMonitor(3), good).violation).toBeUndefined();
    const lying = [...t.events, { ...good.at(-1)!, data: { term: 1, votedFor: 0, logLength: 10 } }];
    expect(run(raftSafetyMonitor(3), lying).violation?.message).toBe('S2 recovered a snapshot up to 0 but had one up to 8');
  });

  it('holds a window of history, not the run, and still checks a server that was down all along', () => {
    /** S1 and S2 run `rounds` × 100 entries, snapshotting after each hundred; S3 holds 1..3 and is down. */
    function longRun(rounds: number, s3Terms = [1, 1, 1], s3Values = [null, 1, 2]) {
      const monitor = raftSafetyMonitor(3);
      const t = traceOf(3).leader(0, 1);
      t.append(2, 1, s3Terms, s3Values).commit(2, 1, 1);
      t.events.push({ at: 1_000_000, node: 2, incarnation: 0, seq: 999, kind: 'crash' });
      expect(run(monitor, t.events).violation).toBeUndefined();
      let at = 2_000_000;
      const ev = (node: number, what: string, data: Record<string, unknown>) =>
        monitor.observe({ at: at++, node, incarnation: 0, seq: at, kind: 'observe', what, data });
      for (let first = 1; first <= rounds * 100; first += 100) {
        const terms = Array.from({ length: 100 }, () => 1);
        const values = terms.map((_, i) => (first + i === 1 ? null : first + i - 1));
        for (const node of [0, 1]) {
          expect(ev(node, 'append', { index: first, terms, values })).toBeUndefined();
          expect(ev(node, 'commit', { index: first + 99, term: 1 })).toBeUndefined();
          expect(ev(node, 'snapshot', snapshot(first + 99, 1, first + 98))).toBeUndefined();
        }
      }
      // S3 comes back and commits its old entries 2 and 3, long forgotten by the window.
      monitor.observe({ at: at++, node: 2, incarnation: 1, seq: 1, kind: 'start', recovered: true });
      return { size: JSON.stringify(monitor.snapshot()).length, commitOld: ev(2, 'commit', { index: 3, term: 1 }) };
    }
    const short = longRun(10);
    const long = longRun(200);
    // 20 times the history, about the same size: a window of a snapshot or two.
    expect(long.size).toBeLessThan(short.size * 1.2);
    expect(long.size).toBeLessThan(20_000);
    expect(long.commitOld).toBeUndefined();
    // An S3 whose entries 2 and 3 are a deposed leader's (term 2, never committed) is caught
    // when it commits them, however late.
    expect(longRun(200, [1, 2, 2], [null, 42, 43]).commitOld?.invariant).toBe('State Machine Safety');
  });
});

