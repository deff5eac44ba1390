import { describe, expect, it } from 'vitest';
import { runBuiltin as run } from '../../scenario/test-support/builtin-run';

/**
 * The Paxos and Multi-Paxos built-in scenarios (public/scenarios/paxos-*.json,
 * multi-paxos-*.json) show what they are named after. Each check reads the in-process trace,
 * which is the page's worker trace for the same scenario.
 */
describe("Paxos' built-in scenarios", () => {
  it('paxos-duelling: no value is chosen for 2 s of duelling ballots; after the cure at 2 s one is chosen within 100 ms', () => {
    const r = run('paxos-duelling.json');
    expect(r.summary.violations).toEqual([]);
    expect(r.observed('learned', 0, 2_000_000)).toEqual([]);
    // Dozens of ballots pre-empted in the duel, by both proposers.
    const preempted = r.observed('preempted', 0, 2_000_000);
    expect(preempted.length).toBeGreaterThan(50);
    expect(new Set(preempted.map((e) => e.node))).toEqual(new Set([0, 1]));
    const learned = r.observed('learned');
    expect(learned[0]!.at).toBeGreaterThan(2_000_000);
    expect(learned[0]!.at).toBeLessThan(2_100_000);
    // Both servers learn, and learn the same value.
    expect(new Set(learned.map((e) => e.node))).toEqual(new Set([0, 1]));
    expect(new Set(learned.map((e) => e.data!.value)).size).toBe(1);
  });

  it('multi-paxos-leader-crash: S4 takes over with phase 1, fills slot 14 with a no-op, keeps the write S1 and S2 accepted, and the store stays linearizable', () => {
    const r = run('multi-paxos-leader-crash.json');
    expect(r.summary.violations).toEqual([]);
    expect(r.summary.stats.linearizable).toBe(true);
    const leaders = r.observed('leader');
    expect(leaders.map((e) => e.node)).toEqual([4, 3]);
    expect(r.observed('noop').map((e) => [e.node, e.data!.slot])).toEqual([[3, 14]]);
    // Slot 15 holds the write of k2 = 502 that reached S1 and S2 before S5 crashed.
    const learned15 = r.observed('learned').filter((e) => e.data!.slot === 15);
    expect(learned15.length).toBeGreaterThan(0);
    expect(learned15.every((e) => (e.data!.value as { key?: string; value?: number }).value === 502)).toBe(true);
    // S5 comes back at 6 s, recovers its promise and learns the no-op in slot 14 it had accepted a write in.
    expect(r.observed('recover').map((e) => e.node)).toEqual([4]);
    expect(r.observed('learned', 6_000_000).some((e) => e.node === 4 && e.data!.slot === 14 && (e.data!.value as { kind: string }).kind === 'noop')).toBe(true);
    expect(r.summary.stats.committedRequests as number).toBeGreaterThan(40);
  });
});
