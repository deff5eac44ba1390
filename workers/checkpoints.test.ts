import { describe, expect, it } from 'vitest';
import type { InProcessSnapshot } from '../engine/runner/inprocess';
import { catchUpSpacing, CheckpointStore, estimateBytes } from './checkpoints';
import { InProcessRunner } from '../engine/runner/inprocess';
import { defaultScenario } from '../engine/scenario/schema';

const snap = (at: number) => ({ pos: { at } }) as unknown as InProcessSnapshot;

describe('the checkpoint store', () => {
  it('takes one a second while they are cheap, and spaces them as they grow costly', () => {
    const store = new CheckpointStore();
    expect(store.nextDueAfter(2_500_000)).toBe(3_000_000);
    store.costWas(1.5);
    expect(store.spacingUs).toBe(1_000_000);
    store.costWas(28); // a 10-minute run's snapshot: one every 14 virtual seconds
    expect(store.spacingUs).toBe(14_000_000);
    expect(store.nextDueAfter(15_000_000)).toBe(28_000_000);
    store.costWas(5_000); // never more than a minute apart
    expect(store.spacingUs).toBe(60_000_000);
    store.costWas(0.2); // cheap again (a new, smaller run)
    expect(store.nextDueAfter(15_000_000)).toBe(16_000_000);
  });

  it('starts a catch-up with at most 10 checkpoints, in whole seconds', () => {
    expect(CheckpointStore.spacingFor(10_000_000)).toBe(1_000_000);
    expect(CheckpointStore.spacingFor(20_000_000)).toBe(2_000_000);
    expect(CheckpointStore.spacingFor(600_000_000)).toBe(60_000_000);
    expect(CheckpointStore.spacingFor(601_000_000)).toBe(61_000_000);
    expect(CheckpointStore.spacingFor(3_600_000_000)).toBe(360_000_000);
  });

  it('widens a catch-up\'s checkpoints until snapshots take at most 15% of its time, at most a minute apart', () => {
    // Minute 10 of the page's default run: a 6.5 ms snapshot, 0.8 ms per virtual second.
    expect(catchUpSpacing(30_000_000, 6.5, 0.8)).toBe(55_000_000);
    // Cheap snapshots keep the floor; dear ones stop at a minute; a longer floor always wins.
    expect(catchUpSpacing(2_000_000, 0.1, 1)).toBe(2_000_000);
    expect(catchUpSpacing(2_000_000, 500, 1)).toBe(60_000_000);
    expect(catchUpSpacing(180_000_000, 500, 1)).toBe(180_000_000);
    // No running measured yet (a stretch shorter than a tick): as far apart as allowed.
    expect(catchUpSpacing(1_000_000, 5, 0)).toBe(60_000_000);
  });

  it('keeps fine steps near now and coarse ones far back when too many pile up', () => {
    const store = new CheckpointStore();
    for (let s = 0; s <= 400; s++) store.add(s * 1_000_000, snap(s * 1_000_000));
    // Near now, every second is still there; far back, some seconds were thinned out.
    expect(store.atOrBefore(399_500_000)!.pos.at).toBe(399_000_000);
    expect(store.atOrBefore(1_500_000)!.pos.at).toBeLessThanOrEqual(1_000_000);
    const kept = Array.from({ length: 401 }, (_, s) => store.atOrBefore(s * 1_000_000)!.pos.at === s * 1_000_000).filter(Boolean).length;
    expect(kept).toBeLessThanOrEqual(240);
    expect(store.isDue(400_000_000)).toBe(false); // already taken
    expect(store.isDue(401_000_000)).toBe(true);
    expect(store.isDue(401_500_000)).toBe(false); // not on a whole second
  });

  it('estimates a snapshot by what it holds, the same every time', () => {
    expect(estimateBytes('x'.repeat(1000))).toBeGreaterThan(1000);
    expect(estimateBytes({ a: [1, 2, 3] })).toBe(estimateBytes({ b: [4, 5, 6] }));
    expect(estimateBytes({ a: [1, 2, 3, 4] })).toBeGreaterThan(estimateBytes({ a: [1, 2, 3] }));
    const runner = new InProcessRunner(defaultScenario({ protocol: 'raft', nodes: 5, seed: 3 })).runUntil(2_000_000);
    const a = runner.snapshot();
    expect(estimateBytes(a)).toBe(estimateBytes(structuredClone(a)));
    // A run's snapshot weighs about what its JSON does (within a factor of four either way).
    const json = JSON.stringify(a).length;
    expect(estimateBytes(a)).toBeGreaterThan(json / 4);
    expect(estimateBytes(a)).toBeLessThan(json * 4);
  });

  it('thins old checkpoints when together they weigh more than the budget, keeping the first and the newest', () => {
    const store = new CheckpointStore(100_000);
    for (let s = 0; s <= 400; s++) store.add(s * 1_000_000, snap(s * 1_000_000), 3_000);
    expect(store.bytes).toBeLessThanOrEqual(100_000);
    expect(store.count).toBeLessThanOrEqual(33);
    expect(store.atOrBefore(0)!.pos.at).toBe(0);
    expect(store.atOrBefore(400_000_000)!.pos.at).toBe(400_000_000);
    // Finer near now than far back.
    const kept = Array.from({ length: 401 }, (_, s) => s).filter((s) => store.atOrBefore(s * 1_000_000)!.pos.at === s * 1_000_000);
    const recent = kept.filter((s) => s >= 300).length;
    const early = kept.filter((s) => s < 100).length;
    expect(recent).toBeGreaterThan(early);
    // One checkpoint heavier than the whole budget: the first and the newest are kept anyway.
    store.add(401_000_000, snap(401_000_000), 1_000_000);
    expect(store.count).toBe(2);
    expect(store.atOrBefore(200_000_000)!.pos.at).toBe(0);
    store.dropAfter(0);
    expect(store.bytes).toBe(3_000);
  });
});
