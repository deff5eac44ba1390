import { expect, test } from '@playwright/test';

test('the built page loads from a relative base and names itself', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('./');
  await expect(page.getByRole('heading', { name: 'Quorum Playground' })).toBeVisible();
  expect(errors).toEqual([]);
});
