import { expect, test } from '@playwright/test';
import { openScenarioAt } from './helpers';

/** Raft with client nodes (public/scenarios/raft-clients.json) in the page. */
test('client nodes are drawn as clients, named by what they wait on, with the hash Node computes', async ({ page }) => {
  // Just after the leader's crash: clients wait on it and retry.
  await openScenarioAt(page, 'raft-clients.json', 3_150_000, { checkHash: true });
  const clients = page.getByRole('button', { name: /^C[123], client, / });
  await expect(clients).toHaveCount(3);
  await page.screenshot({ path: 'tmp-scratch/raft-clients-1280x720.png' });
  // Inspecting a client does not break the page.
  await clients.first().click();
  await page.screenshot({ path: 'tmp-scratch/raft-clients-inspect.png' });
  expect((await page.evaluate(() => document.body.innerText)).length).toBeGreaterThan(100);
});
