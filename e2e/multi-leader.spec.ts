import { expect, test } from '@playwright/test';
import { openScenarioAt } from './helpers';

/**
 * Multi-leader replication in the page: built-in scenarios opened as links at their key moment,
 * with the hash Node computes, and what the page then says (screenshots:
 * tmp-scratch/multi-leader-*.png).
 */

test('clock skew: L2\'s acknowledged write is listed as lost to L1\'s fast clock; a partition makes siblings', async ({ page }) => {
  await openScenarioAt(page, 'multi-leader-clock-skew.json', 1_520_000, { checkHash: true });
  const panel = page.getByRole('region', { name: 'Leaders side by side', exact: true });
  const lost = page.getByRole('region', { name: 'Lost writes', exact: true });
  await expect(lost).toContainText('Lost under last writer wins: 1');
  await expect(lost).toContainText('k1=2 by L2 (clock 1.500 s) lost to 1 by L1 (clock 1.800 s, ahead by 300 ms though written earlier)');
  await expect(panel).toContainText('≠ k1 siblings');
  await expect(page.getByRole('button', { name: 'L1, leader, clock +800 ms, leaders differ on k1' })).toBeVisible();
  await page.screenshot({ path: 'tmp-scratch/multi-leader-skew.png' });

  await openScenarioAt(page, 'multi-leader-partition-siblings.json', 6_000_000, { checkHash: true });
  await expect(panel).toContainText('= agree');
  await expect(panel.getByRole('row', { name: /k1 siblings/ })).toContainText('10 | 20');
  await expect(page.getByRole('button', { name: 'L3, leader, clock exact, 1 key with siblings, leaders agree' })).toBeVisible();
  await page.screenshot({ path: 'tmp-scratch/multi-leader-siblings.png' });
});
