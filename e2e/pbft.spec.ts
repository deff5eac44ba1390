import { expect, test } from '@playwright/test';
import { openScenarioAt } from './helpers';

/**
 * PBFT in the page: the built-in scenarios opened from their links at their key moment, what the
 * replicas say (view, primary, phase, the byzantine badge), the replica-log panel, and the
 * monitor naming the two correct replicas that disagree. Screenshots: tmp-scratch/pbft-*.png.
 */

test('the equivocating primary: after the view change R2 is primary of view 1, R1 is badged byzantine, the logs show it', async ({ page }) => {
  const { errors, state: s } = await openScenarioAt(page, 'pbft-equivocating-primary.json', 2_100_000, { orViolation: true });
  expect(s.violation).toBeNull();
  await expect(page.getByRole('button', { name: /^R2, primary of view 1, executed \d+/ })).toBeVisible();
  await expect(page.getByRole('button', { name: /^R1, backup of view 1, .*byzantine \(equivocate\)$/ })).toBeVisible();
  await expect(page.getByRole('button', { name: /^C1, client, / })).toBeVisible();
  const logs = page.getByRole('region', { name: 'Replica logs', exact: true });
  await expect(logs).toBeVisible();
  await expect(logs.getByRole('row')).toHaveCount(5);
  await page.screenshot({ path: 'tmp-scratch/pbft-equivocating-primary.png' });
  await page.getByRole('button', { name: /^R3,/ }).click();
  await expect(page.getByRole('heading', { name: 'Its log between the watermarks' })).toBeVisible();
  await page.screenshot({ path: 'tmp-scratch/pbft-inspector.png' });
  expect(errors).toEqual([]);
});

test('f + 1 liars: the run stops at the commit that breaks agreement, and the monitor names R3 and R4', async ({ page }) => {
  const { errors, state: s } = await openScenarioAt(page, 'pbft-two-liars.json', 1_600_000, { orViolation: true });
  expect(s.violation).not.toBeNull();
  const text = JSON.stringify(s.violation);
  expect(text).toContain('Agreement');
  expect(text).toMatch(/R[34] committed .* but R[34] committed/);
  await expect(page.getByText(/correct replicas commit the same request/).first()).toBeVisible();
  await page.screenshot({ path: 'tmp-scratch/pbft-two-liars.png' });
  expect(errors).toEqual([]);
});
