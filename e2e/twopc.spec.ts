import { expect, test } from '@playwright/test';
import { command, openPlayground, openScenarioAt, waitForState } from './helpers';

test.use({ viewport: { width: 1280, height: 720 } });

test('"2PC blocks": with the coordinator down, P1 and P2 are in doubt and hold their locks; its return presumes abort', async ({ page }) => {
  const { errors } = await openScenarioAt(page, '2pc-blocks.json', 4_000_000);
  await expect(page.getByRole('button', { name: 'TM1, crashed' })).toBeVisible({ timeout: 10_000 });
  await expect(page.getByRole('button', { name: 'P1, participant, in doubt about TM1.2, holds locks on k1' })).toBeVisible();
  const panel = page.getByRole('region', { name: 'Transactions' });
  await expect(panel).toContainText(/P2 \? in doubt about TM1\.2 for 2\.\d+ s, holding k2/);
  await expect(panel).toContainText('TM1 is crashed.');
  await page.screenshot({ path: 'tmp-scratch/2pc-blocked.png' });
  await command(page, 'seek', 6_500_000);
  await waitForState(page, (s) => s.now === 6_500_000);
  await expect(page.getByRole('button', { name: 'P1, participant, no locks held, 1 keys stored' })).toBeVisible({ timeout: 10_000 });
  await expect(page.getByRole('region', { name: 'Event log' })).toContainText(/aborts TM1\.2/);
  expect(errors).toEqual([]);
});

test('?protocol=2pc opens three participants and a coordinator that commits transactions', async ({ page }) => {
  const errors = await openPlayground(page, 'protocol=2pc&seed=3&paused=1');
  await command(page, 'seek', 3_000_000);
  await waitForState(page, (s) => s.now === 3_000_000);
  await expect(page.getByRole('button', { name: /^TM1, coordinator, / })).toBeVisible({ timeout: 10_000 });
  await expect(page.getByRole('region', { name: 'Transactions' })).toContainText(/committed/);
  await page.locator('.cv-disc-hit').first().click();
  await page.screenshot({ path: 'tmp-scratch/2pc-default.png' });
  expect(errors).toEqual([]);

  // The same crash decided by Paxos Commit ("2pc-paxos-commit"): at 2.5 s, with TM1 still down,
  // an acceptor has taken over and P1 holds no lock.
  await openScenarioAt(page, '2pc-paxos-commit.json', 2_500_000);
  await expect(page.getByRole('button', { name: 'TM1, crashed' })).toBeVisible({ timeout: 10_000 });
  await expect(page.getByRole('button', { name: /^P1, participant, no locks held/ })).toBeVisible();
  await expect(page.getByRole('button', { name: /^A1, acceptor, / })).toBeVisible();
  const panel = page.getByRole('region', { name: 'Transactions' });
  await expect(panel).toContainText('the votes are with the acceptors');
  await expect(panel).toContainText(/TM1\.2: promised ballot \d+; P1 Prepared in ballot \d+, P2 Prepared in ballot \d+; committed/);
  await expect(page.getByRole('region', { name: 'Event log' })).toContainText(/takes over TM1\.2/);
  await page.screenshot({ path: 'tmp-scratch/2pc-paxos-commit.png' });
  expect(errors).toEqual([]);
});
