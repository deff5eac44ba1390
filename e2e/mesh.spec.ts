import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { scenarioFromFile } from '../engine/scenario/file';
import { encodeScenarioLink } from '../engine/scenario/link';
import { waitForState } from './helpers';

/**
 * The mesh in the page: the built-in "the breaker opens" opened from its link just after the
 * checkouts' breakers opened; the service graph says so on the edge, the selected route's state
 * machine lights "open", and a caller's inspector shows the same machine and its outcome strip.
 * Screenshots: tmp-scratch/mesh-*.png.
 */
const dir = join(process.cwd(), 'public', 'scenarios');

test('mesh-breaker-opens: the edge checkout to payments says its breaker is open, and the state machine lights it', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const { scenario } = scenarioFromFile(readFileSync(join(dir, 'mesh-breaker-opens.json'), 'utf8'), 'mesh-breaker-opens.json');
  const link = await encodeScenarioLink(scenario, { atUs: 6_000_000 });
  await page.goto(`./#${link}`);
  await page.waitForFunction(() => 'quorum' in window);
  await waitForState(page, (s) => s.now === 6_000_000 && !s.playing);
  const graph = page.getByRole('region', { name: 'Service graph' });
  await expect(graph).toBeVisible();
  await expect(graph.getByRole('button', { name: /^route checkout to payments, breaker open( on \d of 2)?, \d+% failures$/ })).toBeVisible();
  await expect(graph.getByRole('button', { name: /^route client to frontend, no breaker/ })).toBeVisible();
  await expect(graph.getByRole('list', { name: 'Breaker state machine, now open' })).toBeVisible();
  await page.screenshot({ path: 'tmp-scratch/mesh-open.png' });

  await page.getByRole('button', { name: /^CO1, checkout instance/ }).first().click();
  await expect(page.getByRole('heading', { name: 'Its sidecar: route checkout to payments' })).toBeVisible();
  await expect(page.getByRole('img', { name: /^The last \d+ call outcomes/ }).first()).toBeVisible();
  await page.screenshot({ path: 'tmp-scratch/mesh-inspector.png' });
  expect(errors).toEqual([]);
});
