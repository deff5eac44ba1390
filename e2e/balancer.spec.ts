import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { openScenarioAt } from './helpers';

/**
 * The load balancer in the page: the built-in "slow server" scenario opened from its link at
 * 10 s, where S2 is slow with a queue, the panel shows both algorithms' latency, and round
 * robin's p99 is above two choices'. Screenshots in tmp-scratch/balancer-*.png.
 */

test('a slow server: S2 named slow with its queue, round robin and two choices in the panel; the page passes the audit', async ({ page }) => {
  await openScenarioAt(page, 'balancer-slow-server.json', 8_000_000, { checkHash: true });
  const cluster = page.locator('.app-cluster');
  await expect(cluster.getByRole('button', { name: /^S2, slow ×5, queue \d+, [01] in service, p99 \d+ ms$/ })).toBeVisible();
  await expect(cluster.getByRole('button', { name: /^B1, round robin, p99 [\d.]+ m?s, \d+ in flight$/ })).toBeVisible();
  const panel = page.getByRole('region', { name: 'Queues and latency per algorithm' });
  await expect(panel.getByRole('button', { name: /^S2\s?, slow ×5, queue/ })).toBeVisible();
  await expect(panel.getByRole('img', { name: /^Latency over time\. B1, round robin: p50/ })).toBeVisible();
  await expect(panel.getByRole('row', { name: /^B2, two random choices: p50/ })).toBeVisible();
  await cluster.getByRole('button', { name: /^B2, two random choices/ }).click();
  await expect(page.getByRole('heading', { name: 'What it knows of each server' })).toBeVisible();
  await page.screenshot({ path: 'tmp-scratch/balancer-slow.png' });
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help} ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  await page.getByRole('button', { name: 'Presenter mode' }).click();
  await page.waitForTimeout(400);
  await page.screenshot({ path: 'tmp-scratch/balancer-presenter.png' });
});
