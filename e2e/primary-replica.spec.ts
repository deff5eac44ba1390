import { expect, test } from '@playwright/test';
import { cdcFailoverScenario, lostWriteScenario, splitBrainScenario } from '../engine/protocols/primary-replica/scenarios';
import { InProcessRunner } from '../engine/runner/inprocess';
import { openScenarioAt } from './helpers';

/**
 * Primary and replicas in the page, at each built-in scenario's key moment, opened from a share
 * link (public/scenarios/primary-*.json are these scenarios): the lost writes listed beside the
 * lag chart, and the split brain named on the old primary. Screenshots: tmp-scratch/primary-*.png.
 */

test('the lost write: after the failover and the heal, the page lists the acknowledged writes S1 rewound', async ({ page }) => {
  const scenario = lostWriteScenario('async');
  const atUs = 12_000_000;
  const stats = new InProcessRunner(scenario).runUntil(scenario.untilUs).summary().stats;
  await openScenarioAt(page, scenario, atUs);
  const panel = page.getByRole('region', { name: 'Replication lag and lost writes' });
  await expect(panel).toContainText(`${stats.lostAckedWrites} acknowledged writes lost`);
  await expect(panel.getByRole('list', { name: 'Acknowledged writes that were lost' }).getByRole('listitem')).toHaveCount(Math.min(8, stats.lostAckedWrites as number));
  await expect(panel).toContainText(/epoch 2/);
  await expect(page.getByRole('button', { name: /^S1, replica, (caught up|\d+ ms behind), epoch 2/ })).toBeVisible();
  await expect(page.getByRole('img', { name: /^Lag per replica in milliseconds/ })).toBeVisible();
  await page.screenshot({ path: 'tmp-scratch/primary-lost-write.png' });
});

test('split brain without fencing: after the pause two servers act as primary and the old one says so', async ({ page }) => {
  await openScenarioAt(page, splitBrainScenario(false), 10_300_000);
  await expect(page.getByRole('status').filter({ hasText: 'split brain' })).toContainText('2 servers act as primary');
  await expect(page.getByRole('button', { name: /^S1, primary of epoch 1, which is over \(split brain\)/ })).toBeVisible();
  await expect(page.getByRole('button', { name: /^S2, primary, epoch 2/ })).toBeVisible();
  await page.screenshot({ path: 'tmp-scratch/primary-split-brain.png' });
  await page.getByRole('button', { name: 'Presenter mode' }).click();
  await page.waitForTimeout(500);
  await page.screenshot({ path: 'tmp-scratch/primary-split-brain-presenter.png' });
});

test('the change stream across a failover: K1 retracted the lost changes and reads epoch 2\'s', async ({ page }) => {
  const scenario = cdcFailoverScenario(true);
  const atUs = 12_000_000;
  const runner = new InProcessRunner(scenario).runUntil(atUs);
  const cdc = (runner.summary().stats.cdc as Record<string, { retracted: number; wrong: number }>).K1!;
  expect(cdc.retracted).toBeGreaterThan(0);
  await openScenarioAt(page, scenario, atUs);
  await page.getByRole('tab', { name: 'Change stream' }).click();
  const panel = page.getByRole('region', { name: 'Change stream' });
  await expect(panel.getByRole('columnheader', { name: 'K1' })).toBeVisible();
  await expect(panel.getByRole('row', { name: /^position/ })).toContainText(/\(epoch 2\)/);
  await expect(panel.getByRole('row', { name: /^retracted at failovers/ }).getByRole('cell')).toHaveText(String(cdc.retracted));
  await expect(panel.getByRole('row', { name: /^read, never happened/ }).getByRole('cell')).toHaveText('0');
  await expect(panel.getByRole('list', { name: 'The last changes K1 read' }).getByRole('listitem')).toHaveCount(8);
  await page.screenshot({ path: 'tmp-scratch/primary-cdc.png' });
});
