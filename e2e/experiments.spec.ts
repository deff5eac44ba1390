import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { builtinExperiment } from '../engine/experiments/builtins';
import { runsCsv } from '../engine/experiments/csv';
import { summarizeExperiment } from '../engine/experiments/results';
import { trials, withSeeds } from '../engine/experiments/spec';
import { runTrial } from '../engine/experiments/trial';
import { openPlayground, state } from './helpers';

/**
 * The experiments dialog, as wired in the header: an "Experiments" button opens it as a modal
 * dialog named "Experiments"; runs go to a pool of Web Workers, one in-process run per seed.
 */
test('Figure 16 in the page: progress, a CDF plot, a table and the same CSV as Node computes', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = await openPlayground(page, 'seed=42');
  await page.getByRole('button', { name: 'Experiments' }).click();
  const dialog = page.getByRole('dialog', { name: 'Experiments' });
  await expect(dialog).toBeVisible();
  // Opening the panel pauses the interactive run.
  await expect.poll(async () => (await state(page)).playing).toBe(false);

  await dialog.getByLabel('Experiment', { exact: true }).selectOption('figure16');
  await dialog.getByLabel('Seeds per variant').fill('12');
  await dialog.getByRole('button', { name: 'Run 72 runs' }).click();

  const plot = dialog.getByRole('img', { name: /Cumulative distribution: time to elect a new leader/ });
  await expect(plot).toBeVisible({ timeout: 90_000 });
  await expect(plot.locator('.cdf-line')).toHaveCount(6);
  for (const name of ['150–150 ms', '150–155 ms', '150–300 ms']) {
    await expect(plot.locator('.cdf-label text', { hasText: name })).toBeVisible();
  }
  const table = dialog.getByRole('table');
  await expect(table.getByRole('row')).toHaveCount(7);
  await expect(table.getByRole('columnheader')).toHaveText(['Variant', 'Runs', 'No value', 'min', 'median', 'p90', 'p99', 'max']);
  await expect(table.getByRole('row', { name: /150–300 ms/ }).getByRole('cell').first()).toHaveText('12');

  // The other measure and the linear axis redraw the same results.
  await dialog.getByLabel('Plot').selectOption({ label: 'elections per recovery' });
  await expect(dialog.getByRole('img', { name: /election rounds before a new leader/ })).toBeVisible();
  const xTitle = dialog.locator('.cdf-axis-title').first();
  await expect(xTitle).toHaveText('election rounds before a new leader (count), log scale');
  await dialog.getByText('linear', { exact: true }).click();
  await expect(xTitle).toHaveText('election rounds before a new leader (count)');

  const downloading = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Download CSV' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('figure16-1-12-runs.csv');
  const csv = await readFile((await download.path())!, 'utf8');
  expect(csv.split('\r\n')[0]).toBe('seed,variant,raft.leaderRecoveryMs,raft.electionsPerRecovery,crashedNode,crashedAtMs,traceHash,endMs,violations');
  // Deterministic: the page's Web Workers give exactly what one Node thread gives.
  const spec = withSeeds(builtinExperiment('figure16'), 1, 12);
  const expected = runsCsv(summarizeExperiment(spec, [...trials(spec)].map((t) => runTrial(spec, t.variantIndex, t.seed))));
  expect(csv).toBe(expected);

  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  expect(errors).toEqual([]);
});

test('the lower graph of Figure 16 runs in the page: one line per scaled timeout', async ({ page }) => {
  const errors = await openPlayground(page, 'seed=42&paused=1');
  await page.getByRole('button', { name: 'Experiments' }).click();
  const dialog = page.getByRole('dialog', { name: 'Experiments' });
  await dialog.getByLabel('Experiment', { exact: true }).selectOption('figure16-scaled');
  await expect(dialog.getByText(/scales the election timeout/)).toBeVisible();
  await dialog.getByLabel('Seeds per variant').fill('4');
  await dialog.getByRole('button', { name: 'Run 20 runs' }).click();
  const plot = dialog.getByRole('img', { name: /Cumulative distribution: time to elect a new leader/ });
  await expect(plot).toBeVisible({ timeout: 60_000 });
  await expect(plot.locator('.cdf-line')).toHaveCount(5);
  await expect(dialog.getByRole('heading', { name: /Figure 16 \(lower graph\)/ })).toBeVisible();
  for (const name of ['12–24 ms', '25–50 ms', '150–300 ms']) await expect(dialog.getByRole('rowheader', { name })).toBeVisible();
  expect(errors).toEqual([]);
});

test('a long experiment shows its progress and cancels at once', async ({ page }) => {
  const errors = await openPlayground(page, 'seed=42&paused=1');
  await page.getByRole('button', { name: 'Experiments' }).click();
  const dialog = page.getByRole('dialog', { name: 'Experiments' });
  await dialog.getByLabel('Seeds per variant').fill('2000');
  await dialog.getByRole('button', { name: 'Run 12,000 runs' }).click();
  const bar = dialog.getByRole('progressbar', { name: 'Experiment progress' });
  await expect(bar).toBeVisible();
  await expect(bar).toHaveAttribute('aria-valuemax', '12000');
  await expect.poll(async () => Number(await bar.getAttribute('aria-valuenow')), { timeout: 30_000 }).toBeGreaterThan(0);
  // While it runs, the form is locked.
  await expect(dialog.getByLabel('Seeds per variant')).toBeDisabled();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog.getByRole('status')).toContainText(/Cancelled after [\d,]+ of 12,000 runs/);
  await expect(bar).toBeHidden();
  await expect(dialog.getByLabel('Seeds per variant')).toBeEnabled();
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
  expect(errors).toEqual([]);
});

test('"this scenario" runs the page\'s own run over many seeds', async ({ page }) => {
  const errors = await openPlayground(page, 'seed=42&paused=1');
  await page.getByRole('button', { name: 'Experiments' }).click();
  const dialog = page.getByRole('dialog', { name: 'Experiments' });
  await dialog.getByLabel('Experiment', { exact: true }).selectOption('scenario');
  await dialog.getByLabel('Measure').selectOption('firstLeader');
  await dialog.getByLabel('Seeds per variant').fill('20');
  await dialog.getByRole('button', { name: 'Run 20 runs' }).click();
  await expect(dialog.getByRole('img', { name: /time to elect the first leader/ })).toBeVisible({ timeout: 60_000 });
  await expect(dialog.getByRole('table').getByRole('row')).toHaveCount(2);
  await expect(dialog.getByRole('rowheader', { name: 'this scenario' })).toBeVisible();
  expect(errors).toEqual([]);
});

test.describe('while the first run is still starting', () => {
  test.use({ serviceWorkers: 'block' }); // page.route must see the worker scripts
  test('opening Experiments pauses it for good: the first run does not start playing behind the dialog', async ({ page }) => {
    // The coordinator worker is held back until the dialog is open: the first run is still
    // loading when the user clicks, however fast or slow this machine is.
    let release!: () => void;
    const dialogOpen = new Promise<void>((resolve) => (release = resolve));
    let requested = false;
    await page.route('**/assets/coordinator.worker*.js', async (route) => {
      requested = true;
      await dialogOpen;
      await route.continue();
    });
    await page.goto('./?seed=42');
    await page.getByRole('button', { name: 'Experiments' }).click();
    await expect(page.getByRole('dialog', { name: 'Experiments' })).toBeVisible();
    await expect.poll(() => requested, { message: 'the first run asks for its coordinator worker' }).toBe(true);
    release();
    await expect.poll(async () => (await state(page)).nodes.length, { timeout: 20_000 }).toBe(5);
    // Kept sleep: it proves something does NOT happen, so there is no condition to wait on. The
    // run has loaded: had the dialog not paused it, the page would have started playing by now.
    await page.waitForTimeout(500);
    expect((await state(page)).playing).toBe(false);
  });
});

test('the panel offers the running system\'s experiments: ping\'s, measured by its own detection time', async ({ page }) => {
  const errors = await openPlayground(page, 'protocol=ping&seed=42&paused=1');
  await page.getByRole('button', { name: 'Experiments' }).click();
  const dialog = page.getByRole('dialog', { name: 'Experiments' });
  const choice = dialog.getByLabel('Experiment', { exact: true });
  await expect(choice.locator('option')).toHaveText(['Heartbeat mesh: time to notice a crash, by suspicion timeout', 'This scenario, over many seeds']);
  await choice.selectOption('scenario');
  await expect(dialog.getByLabel('Measure').locator('option')).toHaveText(['Time to suspect a node crashed at 1 s (S1)', 'Messages sent per client operation']);
  await dialog.getByLabel('Seeds per variant').fill('8');
  await dialog.getByRole('button', { name: 'Run 8 runs' }).click();
  await expect(dialog.getByRole('img', { name: /time from a crash until a running node suspects the crashed one/ })).toBeVisible({ timeout: 60_000 });
  await expect(dialog.getByRole('rowheader', { name: 'this scenario' })).toBeVisible();
  expect(errors).toEqual([]);
});
