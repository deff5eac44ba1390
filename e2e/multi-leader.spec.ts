import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { scenarioFromFile } from '../engine/scenario/file';
import { encodeScenarioLink } from '../engine/scenario/link';
import { InProcessRunner } from '../engine/runner/inprocess';
import { waitForState } from './helpers';

/**
 * Multi-leader replication in the page: built-in scenarios opened as links at their key moment,
 * with the hash Node computes, and what the page then says (screenshots:
 * tmp-scratch/multi-leader-*.png).
 */
async function openAt(page: Page, file: string, atUs: number) {
  await page.setViewportSize({ width: 1280, height: 720 });
  const { scenario } = scenarioFromFile(readFileSync(join(process.cwd(), 'public', 'scenarios', file), 'utf8'), file);
  const link = await encodeScenarioLink(scenario, { atUs });
  const expected = new InProcessRunner(scenario).runUntil(atUs).summary().traceHash;
  await page.goto(`./#${link}`);
  await page.waitForFunction(() => 'quorum' in window);
  const s = await waitForState(page, (st) => st.now === atUs && !st.playing);
  expect(s.traceHash).toBe(expected);
}

test('clock skew: L2\'s acknowledged write is listed as lost to L1\'s fast clock; a partition makes siblings', async ({ page }) => {
  await openAt(page, 'multi-leader-clock-skew.json', 1_520_000);
  const panel = page.getByRole('region', { name: 'Leaders side by side', exact: true });
  const lost = page.getByRole('region', { name: 'Lost writes', exact: true });
  await expect(lost).toContainText('Lost under last writer wins: 1');
  await expect(lost).toContainText('k1=2 by L2 (clock 1.500 s) lost to 1 by L1 (clock 1.800 s, ahead by 300 ms though written earlier)');
  await expect(panel).toContainText('≠ k1 siblings');
  await expect(page.getByRole('button', { name: 'L1, leader, clock +800 ms, leaders differ on k1' })).toBeVisible();
  await page.screenshot({ path: 'tmp-scratch/multi-leader-skew.png' });

  await openAt(page, 'multi-leader-partition-siblings.json', 6_000_000);
  await expect(panel).toContainText('= agree');
  await expect(panel.getByRole('row', { name: /k1 siblings/ })).toContainText('10 | 20');
  await expect(page.getByRole('button', { name: 'L3, leader, clock exact, 1 key with siblings, leaders agree' })).toBeVisible();
  await page.screenshot({ path: 'tmp-scratch/multi-leader-siblings.png' });
});
