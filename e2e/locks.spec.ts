import { expect, test } from '@playwright/test';
import { redlockPausedHolder, redlockPausedHolderFenced } from '../engine/protocols/locks/scenarios';
import { command, openScenarioAt, waitForState } from './helpers';

/**
 * Distributed locks in the page, at the paused holder's key moments, opened from share links
 * (public/scenarios/locks-redlock-*.json are these scenarios): C1 frozen past its lease still
 * believes it holds the lock; with fencing its late write is refused, without it the monitor
 * names the two holders. Screenshots: tmp-scratch/locks-*.png.
 */

test('fenced: the paused C1 believes it holds an expired lease while C2 holds it, and its late write is refused', async ({ page }) => {
  await openScenarioAt(page, redlockPausedHolderFenced(), 1_600_000);
  await expect(page.getByRole('button', { name: /^C1, client, believes it holds the lock with token 1, lease valid until 1\.184 s/ })).toBeVisible();
  await expect(page.getByRole('button', { name: /^C2, client, believes it holds the lock with token 2/ })).toBeVisible();
  const panel = page.getByRole('region', { name: 'Lock', exact: true });
  await expect(panel).toContainText('✕ expired at 1.184 s');
  await page.screenshot({ path: 'tmp-scratch/locks-paused-fenced.png' });
  await command(page, 'seek', 2_500_000);
  await waitForState(page, (st) => st.now === 2_500_000);
  await expect(panel).toContainText('C1 token 1 at 2.310 s refused');
  await expect(page.getByRole('button', { name: /^D1, storage, fencing on, highest token 2, \d+ writes accepted, 1 refused/ })).toBeVisible();
  await page.screenshot({ path: 'tmp-scratch/locks-refused.png' });
});

test('unfenced: the storage takes C1\'s late write and the page names the two holders', async ({ page }) => {
  await openScenarioAt(page, redlockPausedHolder(), 2_200_000);
  await command(page, 'seek', 2_500_000);
  await waitForState(page, (st) => st.violation !== null);
  await expect(page.getByRole('region', { name: 'Lock', exact: true }).getByRole('alert')).toContainText('two holders, C1 and C2');
  await page.screenshot({ path: 'tmp-scratch/locks-two-holders.png' });
  await page.getByRole('button', { name: 'Presenter mode' }).click();
  await page.waitForTimeout(500);
  await page.screenshot({ path: 'tmp-scratch/locks-two-holders-presenter.png' });
});
