import { expect, test } from '@playwright/test';
import { command, openPlayground, state, waitForStablePause, waitForState } from './helpers';
import { InProcessRunner } from '../engine/runner/inprocess';
import { decodeScenarioLink } from '../engine/scenario/link';

test('a share link reopens the same run: same trace hash at the same virtual time', async ({ page, browser }) => {
  await openPlayground(page, 'seed=42');
  await command(page, 'setSpeed', 2);
  await waitForState(page, (s) => s.now > 800_000);
  await command(page, 'crash', 1);
  // The command reaches the page a moment after it was sent (much later on a busy machine): it
  // is stamped then, and must have happened by the moment shared.
  await waitForState(page, (s) => s.now > 1_600_000 && s.nodes.find((n) => n.id === 1)?.up === false);
  await command(page, 'pause');
  const original = await waitForStablePause(page);

  await page.getByRole('group', { name: 'Share this scenario' }).getByRole('button', { name: 'Share link' }).click();
  const field = page.getByRole('textbox', { name: /link/i });
  await expect(field).toHaveValue(/#s3\./);
  const url = await field.inputValue();
  expect(url.length).toBeLessThan(2000);
  // The link holds the moment the page stood at when it was made. A step already on its way when
  // the pause was asked can land after the reads above agreed (seen on a busy machine), so the
  // moment is read from the link; the page's own hash is the reference when it is the same one.
  const { scenario, view } = await decodeScenarioLink(url);
  const sharedAt = view.atUs!;
  expect(sharedAt).toBeGreaterThanOrEqual(original.now);
  const expectedHash = sharedAt === original.now ? original.traceHash : new InProcessRunner(scenario).runUntil(sharedAt).summary().traceHash;

  const other = await browser.newPage();
  await other.goto(url);
  await other.waitForFunction(() => 'quorum' in window);
  const reopened = await waitForState(other, (s) => s.now === sharedAt && !s.playing);
  expect(reopened.traceHash).toBe(expectedHash);
  expect(reopened.nodes.find((n) => n.id === 1)!.up).toBe(false);
  await expect(other.getByTestId('trace-hash')).toHaveText(expectedHash);
  await other.close();
});

test('a broken link says what is wrong and the page still runs a cluster', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('./#s1.AAAA-this-is-not-a-scenario');
  await expect(page.getByRole('alert')).toContainText('This link cannot be opened');
  await expect(page.getByRole('button', { name: /^S1,/ })).toBeVisible({ timeout: 10_000 });
  const s = await state(page);
  expect(s.nodes.length).toBe(5);
  expect(errors).toEqual([]);
});
