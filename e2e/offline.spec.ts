import { expect, test } from '@playwright/test';

test('once loaded, the page works offline (service worker cache)', async ({ page, context }) => {
  await page.goto('./?seed=5');
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  // The first load installs the worker; after a reload it controls the page and caches it.
  await page.reload();
  expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  await expect(page.getByRole('button', { name: /^S1,/ })).toBeVisible({ timeout: 10_000 });
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole('heading', { name: /Quorum Playground/ })).toBeVisible();
  await expect(page.getByRole('button', { name: /^S1,/ })).toBeVisible({ timeout: 10_000 });
  await context.setOffline(false);
});
