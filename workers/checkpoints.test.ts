import { describe, expect, it } from 'vitest';
import type { InProcessSnapshot } from '../engine/runner/inprocess';
import { CheckpointStore } from './checkpoints';

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

  it('spaces a long catch-up to at most 60 checkpoints, in whole seconds', () => {
    expect(CheckpointStore.spacingFor(30_000_000)).toBe(1_000_000);
    expect(CheckpointStore.spacingFor(600_000_000)).toBe(10_000_000);
    expect(CheckpointStore.spacingFor(601_000_000)).toBe(11_000_000);
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
});
