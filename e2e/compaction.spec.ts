import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { InProcessRunner } from '../engine/runner/inprocess';
import { defaultScenario } from '../engine/scenario/schema';
import { openScenarioAt } from './helpers';

/**
 * Log compaction in the page (§7): servers snapshot every 20 applied entries, S3 is down while
 * the leader compacts past what it has, and comes back to an InstallSnapshot. The log table
 * shows each server's snapshot point and the compacted indices as one block.
 */
test('the log table shows where each server\'s snapshot ends, after an InstallSnapshot brought S3 back', async ({ page }, testInfo) => {
  const scenario = defaultScenario({
    protocol: 'raft',
    nodes: 5,
    seed: 42,
    untilUs: 60_000_000,
    config: { electionTimeoutMsMin: 150, electionTimeoutMsMax: 300, snapshotThreshold: 20 },
    workload: { kind: 'interval', intervalUs: 250_000 },
    timeline: [
      { at: 2_000_000, action: { kind: 'crash', node: 2 } },
      { at: 9_000_000, action: { kind: 'restart', node: 2 } },
    ],
  });
  const atUs = 11_500_000;
  const expected = new InProcessRunner(scenario).runUntil(atUs);
  const views = expected.views().map((v) => v.view?.protocol as { snapshotIndex: number; snapshotTerm: number; logLength: number });
  expect(views.map((v) => v.snapshotIndex)).toEqual([40, 40, 40, 40, 40]);
  const { state: s } = await openScenarioAt(page, scenario, atUs);
  expect(s.traceHash).toBe(expected.summary().traceHash);

  const logs = page.getByRole('region', { name: 'Logs' });
  // The legend opens with Key (folded at 720 px so the five rows show).
  await logs.getByRole('button', { name: 'Key' }).click();
  await expect(logs.getByText('snapshot', { exact: true })).toBeVisible(); // the legend
  for (const name of ['S1', 'S2', 'S3', 'S4', 'S5']) {
    await expect(logs.getByLabel(`${name}'s snapshot: entries 1 to 40 (up to term 2) were compacted into it; its log holds the entries after`)).toBeAttached();
    await expect(logs.getByText(new RegExp(`^${name}, indices \\d+ to 40: in the snapshot up to index 40 \\(term 2\\)`))).toBeAttached();
  }
  // The badge beside S1's role is in view without scrolling the table sideways.
  await expect(logs.getByLabel(/^S1's snapshot/)).toBeInViewport();
  await expect(logs.getByLabel(/^S1's snapshot/)).toHaveText('≤40 t2');
  // S3 was brought back by a snapshot: the event log says so, among the important lines.
  await expect(page.getByText(/S3 .*installed S\d's snapshot up to index 20 \(term 2\)/)).toBeAttached();
  await page.screenshot({ path: testInfo.outputPath('compaction-1280x720.png') });
  // The snapshot badge and block pass the same audit as the rest of the page (a11y.spec.ts).
  const audit = await new AxeBuilder({ page }).include('.logtable').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(audit.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
});
