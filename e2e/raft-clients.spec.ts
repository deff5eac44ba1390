import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { scenarioFromFile } from '../engine/scenario/file';
import { encodeScenarioLink } from '../engine/scenario/link';
import { InProcessRunner } from '../engine/runner/inprocess';
import { waitForState } from './helpers';

/** Raft with client nodes (public/scenarios/raft-clients.json) in the page. */
test('client nodes are drawn as clients, named by what they wait on, with the hash Node computes', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  const { scenario } = scenarioFromFile(readFileSync(join(process.cwd(), 'public', 'scenarios', 'raft-clients.json'), 'utf8'), 'raft-clients.json');
  const atUs = 3_150_000; // just after the leader's crash: clients wait on it and retry
  const link = await encodeScenarioLink(scenario, { atUs });
  const expected = new InProcessRunner(scenario).runUntil(atUs).summary().traceHash;
  await page.goto(`./#${link}`);
  await page.waitForFunction(() => 'quorum' in window);
  const s = await waitForState(page, (st) => st.now === atUs && !st.playing);
  expect(s.traceHash).toBe(expected);
  const clients = page.getByRole('button', { name: /^C[123], client, / });
  await expect(clients).toHaveCount(3);
  await page.screenshot({ path: 'tmp-scratch/raft-clients-1280x720.png' });
  // Inspecting a client does not break the page.
  await clients.first().click();
  await page.screenshot({ path: 'tmp-scratch/raft-clients-inspect.png' });
  expect((await page.evaluate(() => document.body.innerText)).length).toBeGreaterThan(100);
});
