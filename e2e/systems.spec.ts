import { expect, test } from '@playwright/test';
import { command, openPlayground, state, waitForState } from './helpers';

type Named = { protocol: string };
const protocolOf = async (page: Parameters<typeof state>[0]) => ((await state(page)) as unknown as Named).protocol;

test('?protocol=ping opens the heartbeat mesh with its own view, and its nodes say what they hear', async ({ page }) => {
  const errors = await openPlayground(page, 'protocol=ping&seed=5');
  await expect(page.getByRole('combobox', { name: 'System' })).toHaveValue('ping');
  await expect(page).toHaveTitle(/Heartbeats/);
  expect(await protocolOf(page)).toBe('ping');
  // Five nodes that soon hear each other: the accessible name says so in ping's terms.
  await expect(page.getByRole('button', { name: 'S2, alive, hears 4 of 4' })).toBeVisible({ timeout: 10_000 });
  await expect(page.getByRole('region', { name: 'Who hears whom', exact: true })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Logs', exact: true })).toHaveCount(0);
  // At 1280x720 the cluster's legend starts folded (issue 11: it would cover the servers).
  await page.getByRole('button', { name: 'Legend', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Legend' }).first()).toContainText('pong');
  await page.getByRole('button', { name: 'Hide legend' }).click();

  // Crash S3 from its action bar, as a user would: the others come to suspect it.
  await command(page, 'setSpeed', 1);
  await page.getByRole('button', { name: /^S3, alive/ }).click();
  await page.getByRole('group', { name: 'Actions on S3' }).getByRole('button', { name: 'Crash' }).click();
  await expect(page.getByRole('button', { name: 'S3, crashed' })).toBeVisible();
  await expect(page.getByRole('button', { name: /^S1, alive, hears 3 of 4, suspects S3$/ })).toBeVisible({ timeout: 10_000 });
  await expect(page.getByRole('region', { name: 'Event log' })).toContainText('suspects S3');
  // Ping's own command runs through the same dispatcher as Raft's.
  await page.getByRole('button', { name: /^S1, alive/ }).click();
  await page.getByRole('group', { name: 'Actions on S1' }).getByRole('button', { name: 'Client echo' }).click();
  await page.getByRole('region', { name: 'Event log' }).getByRole('button', { name: 'All' }).click();
  await expect(page.getByRole('region', { name: 'Event log' })).toContainText(/asked S1 to echo \d+: S1 answered: echoed \d+/);
  expect(errors).toEqual([]);
});

test('the picker switches systems: a fresh run of the other one, named in the address', async ({ page }) => {
  const errors = await openPlayground(page, 'seed=42');
  await waitForState(page, (s) => s.nodes.some((n) => n.view?.role === 'leader'));
  expect(await protocolOf(page)).toBe('raft');
  await expect(page.getByRole('region', { name: 'Logs', exact: true })).toBeVisible();

  await page.getByRole('combobox', { name: 'System' }).selectOption({ label: 'Heartbeats' });
  await expect.poll(() => protocolOf(page)).toBe('ping');
  await expect(page).toHaveURL(/[?&]protocol=ping\b/);
  await expect(page.getByRole('button', { name: /^S1, alive, hears \d of 4/ })).toBeVisible({ timeout: 10_000 });
  await expect(page.getByRole('region', { name: 'Who hears whom', exact: true })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Logs', exact: true })).toHaveCount(0);
  expect((await state(page)).playing).toBe(true);

  await page.getByRole('combobox', { name: 'System' }).selectOption({ label: 'Raft' });
  await expect.poll(() => protocolOf(page)).toBe('raft');
  await expect(page).toHaveURL(/[?&]protocol=raft\b/);
  await expect(page.getByRole('button', { name: /^S\d, leader, term \d+/ })).toBeVisible({ timeout: 15_000 });
  await expect(page.getByRole('region', { name: 'Logs', exact: true })).toBeVisible();
  expect(errors).toEqual([]);
});

test('an unknown ?protocol says so and runs the default system', async ({ page }) => {
  await openPlayground(page, 'protocol=nope&seed=3&paused=1');
  // Every system the engine knows is named (new ones join the list as they are added).
  await expect(page.getByRole('alert')).toContainText(/There is no system "nope" \(known: ping, raft(, [a-z0-9-]+)*\)/);
  await expect(page.getByRole('button', { name: /^S1, follower/ })).toBeVisible({ timeout: 10_000 });
  expect(await protocolOf(page)).toBe('raft');
});
