import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { command, openPlayground, state } from './helpers';

type RingNode = { id: number; up: boolean; view: { statuses?: { status: string }[]; held?: number[] } | null };
const ringNodes = async (page: Parameters<typeof state>[0]) => (await state(page)).nodes as unknown as RingNode[];

test('?protocol=ring: S6 joins the ring, the keys it now owns move to it, and the ring and histogram show it', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  const errors = await openPlayground(page, 'protocol=ring&seed=5');
  await expect(page.getByRole('combobox', { name: 'System' })).toHaveValue('ring');
  await expect(page.getByRole('button', { name: /^S1, member, owns \d+ keys, \d+% of the ring$/ })).toBeVisible({ timeout: 10_000 });
  await expect(page.getByRole('button', { name: 'S6, spare, owns 0 keys' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Hash ring', exact: true })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Placement schemes compared' })).toContainText('Maglev');
  await page.screenshot({ path: 'tmp-scratch/ring-before.png' });

  await command(page, 'setSpeed', 0.25);
  await page.getByRole('button', { name: 'S6, spare, owns 0 keys' }).click();
  await page.getByRole('group', { name: 'Actions on S6' }).getByRole('button', { name: 'Join' }).click();
  // Mid-migration: S6 holds some keys and the panel names the chunks on their way.
  await expect.poll(async () => ((await ringNodes(page))[5]?.view?.held ?? []).length, { timeout: 15_000 }).toBeGreaterThan(0);
  await page.screenshot({ path: 'tmp-scratch/ring-moving.png' });
  await expect(page.getByRole('button', { name: /^S6, member, owns \d+ keys, \d+% of the ring$/ })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole('region', { name: 'Hash ring', exact: true })).toContainText('every key is at its owner', { timeout: 20_000 });
  await expect(page.getByRole('img', { name: /^user:\d+ on S6$/ }).first()).toBeAttached();
  await expect(page.getByRole('button', { name: /^S6 ?, holds \d+ keys, \d+% of the ring$/ })).toBeVisible();
  await page.screenshot({ path: 'tmp-scratch/ring-after.png' });
  expect((await state(page)).violation).toBeNull();
  expect(errors).toEqual([]);
});

test('the ring page passes the accessibility audit, with a node selected and keys moving', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await openPlayground(page, 'protocol=ring&seed=3');
  await expect(page.getByRole('button', { name: /^S1, member/ })).toBeVisible({ timeout: 10_000 });
  await command(page, 'setSpeed', 0.1);
  await page.getByRole('button', { name: /^S6, spare/ }).click();
  await page.getByRole('group', { name: 'Actions on S6' }).getByRole('button', { name: 'Join' }).click();
  await command(page, 'pause');
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const report = results.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 4).map((n) => n.target.join(' ')).join('\n    ')}`);
  expect(report).toEqual([]);
});
