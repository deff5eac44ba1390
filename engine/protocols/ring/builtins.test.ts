import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../kernel/trace';
import { InProcessRunner } from '../../runner/inprocess';
import { readBuiltin, runBuiltin } from '../../scenario/test-support/builtin-run';
import { ownersOf } from './placement-cache';
import { configureRing } from './config';

/**
 * The ring's built-in scenarios (public/scenarios/ring-*.json) run without a violation and show
 * what they are named after: the keys that move, where from, and that every key ends at its owner.
 */
function run(file: string, untilUs?: number) {
  const { scenario, trace, runner, observed, summary } = runBuiltin(file, untilUs);
  const views = runner.views().map((v) => v.view?.protocol as { held: number[]; owners: number[]; toMove: number; outgoing: unknown[] } | undefined);
  return { scenario, trace, views, observed, summary };
}

/** Every key held by exactly one node, the owner under `members`. */
function settled(views: ({ held: number[] } | undefined)[], owners: number[]) {
  const holder = new Map<number, number>();
  views.forEach((v, node) => v?.held.forEach((k) => {
    expect(holder.has(k)).toBe(false);
    holder.set(k, node);
  }));
  expect(owners.map((_, k) => holder.get(k))).toEqual(owners);
}

describe("the ring's built-in scenarios", () => {
  it('ring-node-joins: S6 takes about K/N keys, from several members, and only those', () => {
    const r = run('ring-node-joins.json');
    expect(r.summary.violations).toEqual([]);
    const config = configureRing(r.scenario.protocol.config);
    const before = ownersOf(config, [0, 1, 2, 3, 4]);
    const after = ownersOf(config, [0, 1, 2, 3, 4, 5]);
    settled(r.views, after);
    const accepted = r.observed('accept');
    expect(new Set(accepted.map((e) => e.node))).toEqual(new Set([5]));
    const moved = accepted.flatMap((e) => e.data!.keys as number[]);
    expect(moved.sort((a, b) => a - b)).toEqual(after.flatMap((o, k) => (o === 5 ? [k] : [])));
    expect(moved.every((k) => before[k] !== 5)).toBe(true);
    // About K/N = 96/6 = 16 keys, taken from more than two members.
    expect(moved.length).toBeGreaterThan(8);
    expect(moved.length).toBeLessThan(32);
    expect(new Set(accepted.map((e) => e.data!.from)).size).toBeGreaterThan(2);
    expect(r.summary.stats).toMatchObject({ membershipChanges: 1, keysTransferred: moved.length });
  });

  it("ring-node-leaves: S3's keys go to the others and S3 ends empty", () => {
    const r = run('ring-node-leaves.json');
    expect(r.summary.violations).toEqual([]);
    const config = configureRing(r.scenario.protocol.config);
    settled(r.views, ownersOf(config, [0, 1, 3, 4]));
    expect(r.views[2]!.held).toEqual([]);
    expect(r.observed('handoff').every((e) => e.node === 2)).toBe(true);
  });

  it('ring-crash-mid-migration: S6 crashes with chunks on their way, and after its restart every key settles', () => {
    const crashAt = 2_150_000;
    const mid = run('ring-crash-mid-migration.json', crashAt);
    // At the crash, keys are still to move to S6 (the scenario's point).
    expect(mid.views.slice(0, 5).reduce((sum, v) => sum + v!.toMove, 0)).toBeGreaterThan(0);
    const r = run('ring-crash-mid-migration.json');
    expect(r.summary.violations).toEqual([]);
    const config = configureRing(r.scenario.protocol.config);
    settled(r.views, ownersOf(config, [0, 1, 2, 3, 4, 5]));
    // Chunks to S6 were lost with it and sent again (same numbers) until it was back.
    const lost = r.trace.filter((e) => e.kind === 'drop' && e.msgType === 'Transfer' && e.to === 5 && (e.reason === 'crash' || e.reason === 'node-down'));
    expect(lost.length).toBeGreaterThan(1);
    const accepts = r.observed('accept').filter((e) => e.node === 5 && e.at > 3_500_000);
    expect(accepts.length).toBeGreaterThan(0);
  });

  it('ring-range-split: ranges split as writes fill them, the split halves migrate, S4 takes half a range', () => {
    const r = run('ring-range-split.json');
    expect(r.summary.violations).toEqual([]);
    const changes = r.observed('ranges');
    const splits = changes.filter((e) => e.data!.change === 'split');
    expect(splits.length).toBeGreaterThanOrEqual(3);
    // Every change was made by the range master, S1, with versions 1, 2, 3...
    expect(changes.every((e) => e.node === 0)).toBe(true);
    expect(changes.map((e) => e.data!.version)).toEqual(changes.map((_, i) => i + 1));
    // A split range migrated: chunks moved keys between the first members before S4 joined.
    expect(r.observed('accept').some((e) => e.at < 6_000_000)).toBe(true);
    // After the join S4 owns a range and holds its keys.
    const last = changes[changes.length - 1]!.data as { starts: number[]; owners: number[] };
    expect(last.owners).toContain(3);
    expect(r.views[3]!.held.length).toBeGreaterThan(0);
    expect(r.summary.stats).toMatchObject({ scheme: 'range', ranges: last.starts.length });
  });

  it('range partitioning with heavy deletes: ranges merge, and nothing breaks', () => {
    const scenario = readBuiltin('ring-range-split.json');
    let merges = 0;
    for (let seed = 1; seed <= 12; seed++) {
      const s = { ...scenario, seed, protocol: { name: 'ring', config: { ...scenario.protocol.config, deleteFraction: 0.8, splitKeys: 8, mergeKeys: 4, workloadIntervalMs: 20 } } };
      const trace: TraceEvent[] = [];
      const summary = new InProcessRunner(s, { sink: (e) => trace.push(e) }).runUntil(s.untilUs).summary();
      expect(summary.violations).toEqual([]);
      merges += trace.filter((e) => e.kind === 'observe' && e.what === 'ranges' && e.data?.change === 'merge').length;
    }
    expect(merges).toBeGreaterThan(0);
  });
});
