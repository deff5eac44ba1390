import { expect, test } from '@playwright/test';
import { openPlayground, state, waitForStablePause, waitForState } from './helpers';

test('the keyboard alone plays, pauses, steps and cuts a link', async ({ page }) => {
  await openPlayground(page, 'seed=42&paused=1');
  await waitForState(page, (s) => s.nodes.length === 5);
  await page.locator('body').click({ position: { x: 5, y: 5 } });

  // Space plays, Space pauses.
  await page.keyboard.press('Space');
  await waitForState(page, (s) => s.playing);
  await page.keyboard.press('Space');
  // A play step on its way when Space paused still lands, and the page then goes back to the
  // instant it showed: wait for that before stepping (a loaded CI machine once stepped from 0).
  const paused = await waitForStablePause(page);

  // → runs exactly one more event.
  const before = await state(page);
  await page.keyboard.press('ArrowRight');
  const after = await waitForState(page, (s) => s.traceHash !== before.traceHash);
  expect(after.now).toBeGreaterThanOrEqual(paused.now);

  // Tab reaches a server; Enter selects it; its links are buttons in the inspector.
  const s2 = page.getByRole('button', { name: /^S2,/ });
  await s2.focus();
  await expect(s2).toBeFocused();
  await page.keyboard.press('Enter');
  const link = page.getByRole('button', { name: 'Inspect the link S2–S3' });
  await link.focus();
  await page.keyboard.press('Enter');
  const cut = page.getByRole('group', { name: 'Cut or restore this link' }).getByRole('button').nth(1);
  await cut.focus();
  await expect(cut).toBeFocused();
  await page.keyboard.press('Enter');
  const cutState = await waitForState(page, (s) => (s as unknown as { links: { cuts: string[] } }).links.cuts.length > 0);
  expect((cutState as unknown as { links: { cuts: string[] } }).links.cuts.sort()).toEqual(['1>2', '2>1']);
});

test('? opens the keyboard shortcuts, and Escape closes them', async ({ page }) => {
  await openPlayground(page, 'seed=42&paused=1');
  await waitForState(page, (s) => s.nodes.length === 5);
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('?');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('row', { name: /Space Play or pause/ })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});
