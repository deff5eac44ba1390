import { expect, test } from '@playwright/test';
import { encodeScenarioLink } from '../engine/scenario/link';
import { dynamoChaosScenario, dynamoMembershipChaosScenario } from '../engine/protocols/dynamo/chaos-scenario';
import { InProcessRunner } from '../engine/runner/inprocess';
import { builtinScenario, command, openPlayground, openScenarioAt, waitForState } from './helpers';

test.use({ viewport: { width: 1280, height: 720 } });

test('?protocol=dynamo opens the quorum store: its nodes say what they hold, the ring panel shows a key on its replicas', async ({ page }) => {
  const errors = await openPlayground(page, 'protocol=dynamo&seed=5');
  await expect(page.getByRole('combobox', { name: 'System' })).toHaveValue('dynamo');
  await expect(page.getByRole('button', { name: /^S2, up, \d+ keys?, \d+ hints?/ })).toBeVisible({ timeout: 10_000 });
  const ring = page.getByRole('region', { name: 'Hash ring and the selected key' });
  await expect(ring).toBeVisible();
  await expect(ring.getByRole('img', { name: /^Ring of 5 nodes with 8 virtual nodes each; key user:1 on S5, S1, S3$/ })).toBeVisible();
  await command(page, 'pause');
  await command(page, 'seek', 3_000_000);
  await waitForState(page, (s) => s.now === 3_000_000);
  // Every holder of the key shows whole at 1280x720 (the quorum picker in the header once pushed the last one off).
  const cut = await page.evaluate(() => {
    const side = document.querySelector('.dynamo-ring-side')!.getBoundingClientRect();
    return [...document.querySelectorAll('.dynamo-holders li')].filter((li) => li.getBoundingClientRect().bottom > side.bottom + 0.5).map((li) => li.textContent);
  });
  expect(cut).toEqual([]);
  await page.screenshot({ path: 'tmp-scratch/dynamo-default.png' });
  expect(errors).toEqual([]);
});

test('the hinted-handoff scenario: S4 holds a hint for the crashed S1, drawn as such, then hands it back', async ({ page }) => {
  const { errors } = await openScenarioAt(page, 'dynamo-hinted-handoff.json', 3_000_000);
  await expect(page.getByRole('button', { name: 'S1, crashed' })).toBeVisible({ timeout: 10_000 });
  await expect(page.getByRole('button', { name: 'S4, up, 1 key, 1 hint' })).toBeVisible({ timeout: 10_000 });
  await page.getByRole('button', { name: 'S4, up, 1 key, 1 hint' }).click();
  await expect(page.getByText('hinted for S1').first()).toBeVisible();
  await page.screenshot({ path: 'tmp-scratch/dynamo-hinted.png' });
  await command(page, 'seek', 7_500_000);
  await waitForState(page, (s) => s.now === 7_500_000);
  await expect(page.getByRole('button', { name: 'S4, up, 0 keys, 0 hints' })).toBeVisible({ timeout: 10_000 });
  await expect(page.getByRole('region', { name: 'Event log' })).toContainText('hands user:1 back to S1');
  expect(errors).toEqual([]);
});

test('the siblings scenario: the read after the heal shows both versions side by side', async ({ page }) => {
  await openScenarioAt(page, 'dynamo-siblings.json', 5_200_000);
  const ring = page.getByRole('region', { name: 'Hash ring and the selected key' });
  await ring.getByRole('combobox', { name: 'Key' }).selectOption('user:3');
  await expect(ring).toContainText('≠ 2 siblings');
  await expect(ring).toContainText('cart: book, pen');
  await expect(ring).toContainText('cart: book, lamp');
  await page.screenshot({ path: 'tmp-scratch/dynamo-siblings.png' });

  // Same tab, another link (as pasting one does): the R + W <= N half of the quorum-overlap scenario marks a stale read.
  // The read at 1.715 s (R = 1) missed the write acknowledged just before it (W = 1): the last read at 1.8 s.
  await page.evaluate((fragment) => (location.hash = fragment), await encodeScenarioLink(builtinScenario('dynamo-quorum-overlap.json'), { atUs: 1_800_000 }));
  await waitForState(page, (s) => s.now === 1_800_000 && !s.playing);
  await ring.getByRole('combobox', { name: 'Key' }).selectOption('user:1');
  await expect(ring.getByRole('combobox', { name: 'Request quorum' })).toBeVisible();
  const stale = ring.getByText(/^stale: missed /);
  await expect(stale).toBeVisible();

  // And a spare joining the ring (§4.9): S5 takes over keys, transferred to it.
  await page.evaluate((fragment) => (location.hash = fragment), await encodeScenarioLink(builtinScenario('dynamo-node-joins.json'), { atUs: 5_000_000 }));
  await waitForState(page, (s) => s.now === 5_000_000 && !s.playing);
  await expect(ring.getByRole('img', { name: /^Ring of 5 nodes with 8 virtual nodes each/ })).toBeVisible({ timeout: 10_000 });
  await expect(page.getByRole('region', { name: 'Event log' })).toContainText('joins the ring');
  await page.screenshot({ path: 'tmp-scratch/dynamo-joined.png' });
  await command(page, 'seek', 2_000_000);
  await waitForState(page, (s) => s.now === 2_000_000);
  await expect(ring.getByRole('img', { name: /^Ring of 4 nodes with 8 virtual nodes each/ })).toBeVisible({ timeout: 10_000 });
});

test('dynamo: a chaotic run in Chromium Web Workers has the in-process trace hash', async ({ page }) => {
  const scenario = { ...dynamoChaosScenario(2026), untilUs: 4_000_000 };
  scenario.timeline = scenario.timeline.filter((t) => t.at < scenario.untilUs);
  scenario.healedAtUs = null;
  expect(scenario.timeline.some((t) => t.action.kind === 'crash')).toBe(true);
  const expected = new InProcessRunner(scenario).runUntil(scenario.untilUs).summary();
  expect(expected.violations).toEqual([]);
  await page.goto('./');
  await page.waitForFunction(() => 'quorum' in window);
  const inBrowser = await page.evaluate(
    ([s, until]) => (window as unknown as { quorum: { runInWorkers(s: unknown, u: number): Promise<{ traceHash: string; events: number; runner: string }> } }).quorum.runInWorkers(s, until),
    [scenario, scenario.untilUs] as const,
  );
  expect(inBrowser.runner).toBe('workers');
  expect(inBrowser.events).toBe(expected.events);
  expect(inBrowser.traceHash).toBe(expected.traceHash);
  // Joins and leaves under the same nemesis: the same hash in both runners too.
  const moving = { ...dynamoMembershipChaosScenario(7), untilUs: 4_000_000 };
  moving.timeline = moving.timeline.filter((t) => t.at < moving.untilUs);
  moving.healedAtUs = null;
  expect(moving.timeline.some((t) => t.action.kind === 'command' && ['join', 'leave'].includes((t.action.command as { type: string }).type))).toBe(true);
  const movingExpected = new InProcessRunner(moving).runUntil(moving.untilUs).summary();
  expect(movingExpected.violations).toEqual([]);
  const movingInBrowser = await page.evaluate(
    ([s, until]) => (window as unknown as { quorum: { runInWorkers(s: unknown, u: number): Promise<{ traceHash: string; events: number }> } }).quorum.runInWorkers(s, until),
    [moving, moving.untilUs] as const,
  );
  expect(movingInBrowser.traceHash).toBe(movingExpected.traceHash);
});

test('accessibility (axe, WCAG 2.1 AA): the dynamo page with siblings read, and a node with hints selected', async ({ page }) => {
  const { default: AxeBuilder } = await import('@axe-core/playwright');
  const audit = async (what: string) => {
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    const report = results.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 4).map((n) => n.target.join(' ')).join('\n    ')}`);
    expect(report, `${what}: accessibility violations`).toEqual([]);
  };
  await openScenarioAt(page, 'dynamo-hinted-handoff.json', 3_000_000);
  await audit('the dynamo page');
  await page.getByRole('button', { name: 'S4, up, 1 key, 1 hint' }).click();
  await expect(page.getByText('hinted for S1').first()).toBeVisible();
  await audit('a dynamo node with a hint selected');
});
