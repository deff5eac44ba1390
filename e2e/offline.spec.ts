import { expect, test } from '@playwright/test';
import { runBuiltinExperiment } from './helpers';

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

test('offline, a lesson and an experiment never opened online still work (the library is fetched ahead)', async ({ page, context }) => {
  test.setTimeout(90_000);
  await page.goto('./?seed=5');
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  await page.reload();
  expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  await context.setOffline(true);
  await page.goto('./?lesson=figure-8');
  await expect(page.getByRole('region', { name: /^Lesson: / })).toContainText('Step 1 of', { timeout: 15_000 });
  await runBuiltinExperiment(page, 'figure16-scaled', 2, 10);
  await context.setOffline(false);
});
