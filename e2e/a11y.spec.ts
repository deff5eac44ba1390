import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { command, leaderOf, openPlayground, runBuiltinExperiment, waitForState } from './helpers';

/**
 * An automated accessibility audit (axe-core, WCAG 2.x A and AA rules) of the page in the states
 * people meet: the running cluster, a server selected, a lesson, presenter mode, the scenario
 * menu and the experiments dialog. Any violation fails, with the rule and the elements named.
 */
async function audit(page: Page, what: string) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const report = results.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 4).map((n) => n.target.join(' ')).join('\n    ')}`);
  expect(report, `${what}: accessibility violations`).toEqual([]);
}

test('the running page, and a server selected', async ({ page }) => {
  await openPlayground(page, 'seed=3&paused=1');
  await waitForState(page, (s) => s.nodes.length > 0);
  await audit(page, 'the page');
  await page.getByRole('button', { name: /^S1,/ }).click();
  await expect(page.getByRole('group', { name: 'Actions on S1' })).toBeVisible();
  await audit(page, 'a server selected');
});

test('the heartbeat mesh (ping): its page, a node selected, a node suspected', async ({ page }) => {
  await openPlayground(page, 'protocol=ping&seed=3');
  await command(page, 'setSpeed', 1);
  await waitForState(page, (s) => s.nodes.length === 5 && s.now > 300_000);
  await command(page, 'crash', 2);
  await waitForState(page, (s) => s.now > 1_200_000);
  await command(page, 'pause');
  await expect(page.getByRole('button', { name: /^S1, alive, hears 3 of 4, suspects S3/ })).toBeVisible();
  await audit(page, 'the ping page');
  await page.getByRole('button', { name: /^S1,/ }).click();
  await expect(page.getByRole('group', { name: 'Actions on S1' })).toBeVisible();
  await audit(page, 'a ping node selected');
});

test('a lesson, and presenter mode', async ({ page }) => {
  await openPlayground(page, 'lesson=electing-a-leader');
  await expect(page.getByRole('region', { name: /^Lesson: / })).toContainText('Step 1 of');
  await audit(page, 'a lesson');
  await page.getByRole('button', { name: 'Presenter mode' }).click();
  await expect(page.locator('html')).toHaveClass(/\bpresenter\b/);
  await audit(page, 'presenter mode');
});

test('the scenario menu and the experiments dialog', async ({ page }) => {
  await openPlayground(page, 'seed=3&paused=1');
  await waitForState(page, (s) => s.nodes.length > 0);
  await page.getByRole('button', { name: 'Scenarios & lessons' }).click();
  await expect(page.getByRole('dialog', { name: 'Scenarios and lessons' })).toBeVisible();
  await audit(page, 'the scenario menu');
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Experiments' }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await audit(page, 'the experiments dialog');
});

test('a broken cluster (a crash and a partition), the share link, and experiment results', async ({ page }) => {
  test.setTimeout(90_000);
  await openPlayground(page, 'seed=3');
  await command(page, 'setSpeed', 2);
  const led = await waitForState(page, (s) => leaderOf(s) !== null);
  await command(page, 'crash', leaderOf(led)!.id);
  await command(page, 'partition', [[0, 1], [2, 3, 4]]);
  await waitForState(page, (s) => s.now > led.now + 500_000);
  await command(page, 'pause');
  await audit(page, 'a crash and a partition');

  await page.getByRole('group', { name: 'Share this scenario' }).getByRole('button', { name: 'Share link' }).click();
  await expect(page.getByRole('textbox', { name: /link/i })).toHaveValue(/#s3\./);
  await audit(page, 'the share link');
  await page.keyboard.press('Escape');

  await runBuiltinExperiment(page, 'figure16-scaled', 4, 20);
  await audit(page, 'experiment results');
});

test('a phone-sized window with a lesson opened at a step', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await openPlayground(page, 'lesson=network-storms&step=10');
  await expect(page.getByRole('region', { name: /^Lesson: / })).toContainText('Step 10 of', { timeout: 15_000 });
  await audit(page, 'a phone, a lesson at step 10');
});
