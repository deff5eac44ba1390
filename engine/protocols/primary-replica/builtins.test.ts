import { describe, expect, it } from 'vitest';
import { readBuiltin as read, runBuiltin as run } from '../../scenario/test-support/builtin-run';
import { cdcFailoverScenario, lostWriteScenario, S1, S2, S3, splitBrainScenario } from './scenarios';

/**
 * The built-in scenarios (public/scenarios/primary-*.json) are scenarios.ts written out, and
 * each shows what it is named after. The in-process trace is the page's worker trace.
 */
describe("primary-replica's built-in scenarios", () => {
  it('the files are scenarios.ts written out', () => {
    expect(read('primary-lost-write.json')).toEqual(lostWriteScenario('async'));
    expect(read('primary-split-brain.json')).toEqual(splitBrainScenario(true));
    expect(read('primary-split-brain-unfenced.json')).toEqual(splitBrainScenario(false));
    expect(read('primary-cdc-failover.json')).toEqual(cdcFailoverScenario(true));
  });

  it('primary-lost-write: S1 acknowledges writes it alone holds, S2 takes epoch 2 without them, S1 rewinds them', () => {
    const r = run('primary-lost-write.json');
    expect(r.summary.violations).toEqual([]);
    expect(r.summary.stats).toMatchObject({ failovers: 1, epoch: 2, primaryAtEnd: 'S2' });
    expect(r.summary.stats.lostAckedWrites).toBeGreaterThanOrEqual(3);
    const rewound = r.observed('rewound').filter((e) => e.node === S1);
    expect(rewound.length).toBe(1);
    expect(rewound[0]!.at).toBeGreaterThan(10_000_000);
  });

  it('primary-split-brain: after the pause S1 steps down on its first fenced shipment; only S1 ever writes in epoch 1, only S2 in epoch 2', () => {
    const r = run('primary-split-brain.json');
    expect(r.summary.violations).toEqual([]);
    const demoted = r.observed('demoted').find((e) => e.node === S1)!;
    expect(demoted.at - 10_000_000).toBeLessThan(100_000);
    expect(String(demoted.data!.reason)).toMatch(/fenced|epoch 2/);
    expect(r.observed('fenced').length).toBeGreaterThan(0);
    for (const w of r.observed('write')) expect(w.node).toBe(w.data!.epoch === 1 ? S1 : S2);
  });

  it('primary-split-brain-unfenced: S3 follows S1 back into epoch 1 (diverged histories), and more acknowledged writes are lost than with fencing', () => {
    const fenced = run('primary-split-brain.json');
    const r = run('primary-split-brain-unfenced.json');
    expect(r.summary.violations).toEqual([]);
    // S3 dropped epoch-2 entries to take S1's epoch-1 ones: two histories at once.
    const flip = r.observed('rewound').find((e) => e.node === S3 && (e.data!.epochs as number[]).includes(2));
    expect(flip).toBeDefined();
    expect(r.observed('demoted').find((e) => e.node === S1)!.at - 10_000_000).toBeGreaterThan(700_000);
    expect(r.summary.stats.lostAckedWrites as number).toBeGreaterThan(fenced.summary.stats.lostAckedWrites as number);
  });
});
