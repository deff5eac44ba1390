import { expect, test } from '@playwright/test';
import { command, openPlayground, state, waitForState } from './helpers';

type FaultNode = { id: number; up: boolean; paused?: boolean; held?: number; byzantine?: string };
const nodeOf = async (page: Parameters<typeof state>[0], id: number) =>
  ((await state(page)).nodes as unknown as FaultNode[]).find((n) => n.id === id)!;

test('a node paused from its action bar freezes (its peers suspect it), then resumes with its memory', async ({ page }) => {
  const errors = await openPlayground(page, 'protocol=ping&seed=5');
  await expect(page.getByRole('button', { name: 'S2, alive, hears 4 of 4' })).toBeVisible({ timeout: 10_000 });
  await command(page, 'setSpeed', 0.5);

  await page.getByRole('button', { name: /^S2, alive/ }).click();
  await page.getByRole('group', { name: 'Actions on S2' }).getByRole('button', { name: 'Pause' }).click();
  // Frozen: named so, badged so, and what reaches it waits.
  const frozen = page.getByRole('button', { name: /^S2, alive, hears 4 of 4, paused \(\d+ waiting\)$/ });
  await expect(frozen).toBeVisible({ timeout: 10_000 });
  await expect(page.locator('.cv-paused .cv-fault-paused')).toHaveText('❄ paused');
  await expect(page.getByRole('region', { name: 'Event log' })).toContainText('paused S2: frozen with its memory intact');
  // Its peers stop hearing it and suspect it; it stays up, it does not crash.
  await expect(page.getByRole('button', { name: /^S1, alive, hears 3 of 4, suspects S2$/ })).toBeVisible({ timeout: 15_000 });
  await waitForState(page, (s) => ((s.nodes as unknown as FaultNode[])[1]?.held ?? 0) > 5);
  const paused = await nodeOf(page, 1);
  expect(paused.up).toBe(true);
  expect(paused.paused).toBe(true);
  await command(page, 'pause');
  await page.screenshot({ path: 'tmp-scratch/faults-paused.png' });
  await page.locator('.cv-node.cv-paused').screenshot({ path: 'tmp-scratch/faults-paused-node.png' });
  await command(page, 'play');

  // The node's bar now offers Resume and no Pause; the inspector has Pause disabled.
  const bar = page.locator('.cv-actions');
  await expect(bar.getByRole('button', { name: 'Pause' })).toHaveCount(0);
  await expect(page.getByRole('group', { name: 'Actions on S2' }).getByRole('button', { name: 'Pause' })).toBeDisabled();
  await bar.getByRole('button', { name: 'Resume' }).click();
  await expect(page.getByRole('region', { name: 'Event log' })).toContainText(/resumed S2: the \d+ events that waited run now, in order/, { timeout: 10_000 });
  await expect(page.locator('.cv-paused')).toHaveCount(0);
  await expect(page.getByRole('button', { name: /^S1, alive, hears 4 of 4$/ })).toBeVisible({ timeout: 15_000 });
  const resumed = await nodeOf(page, 1);
  expect(resumed.paused).toBeUndefined();
  // Memory intact: the same boot (a crash would have made it boot twice).
  const view = (await state(page)).nodes[1]!.view as unknown as { boots: number };
  expect(view.boots).toBe(1);
  await command(page, 'pause');
  await page.screenshot({ path: 'tmp-scratch/faults-resumed.png' });
  expect(errors).toEqual([]);
});

test('a node made byzantine from the inspector forges pongs, and the ping monitor catches it', async ({ page }) => {
  const errors = await openPlayground(page, 'protocol=ping&seed=5');
  await expect(page.getByRole('button', { name: 'S3, alive, hears 4 of 4' })).toBeVisible({ timeout: 10_000 });
  await command(page, 'setSpeed', 0.5);
  await page.getByRole('button', { name: /^S3, alive/ }).click();
  await page.getByRole('combobox', { name: 'Byzantine' }).selectOption('forge-nonce');
  await expect(page.getByRole('button', { name: /^S3, .*byzantine \(forge-nonce\)$/ })).toBeVisible({ timeout: 10_000 });
  await expect(page.getByRole('region', { name: 'Event log' })).toContainText('made S3 byzantine');
  const s = await waitForState(page, (st) => st.violation !== null, 20_000);
  expect(JSON.stringify(s.violation)).toContain('Pong answers a Ping');
  await page.screenshot({ path: 'tmp-scratch/faults-byzantine.png' });
  expect(errors).toEqual([]);
});

test('an equivocating node: its forged pings fly with a warning mark, and nothing in ping notices', async ({ page }) => {
  const errors = await openPlayground(page, 'protocol=ping&seed=5');
  await expect(page.getByRole('button', { name: 'S1, alive, hears 4 of 4' })).toBeVisible({ timeout: 10_000 });
  await command(page, 'setSpeed', 0.1);
  await command(page, 'byzantine', 0, 'equivocate');
  await expect(page.getByRole('button', { name: /^S1, alive, hears 4 of 4, byzantine \(equivocate\)$/ })).toBeVisible({ timeout: 10_000 });
  // A forged ping is in flight for ~0.1 s of wall time at 0.1x: look every animation frame (expect's
  // back-off polling, up to a second apart, can miss every one) and pause in that same frame.
  await page.waitForFunction(
    () => {
      if (!document.querySelector('.cv-msg-forged')) return false;
      (window as unknown as { quorum: { command(name: string): unknown } }).quorum.command('pause');
      return true;
    },
    undefined,
    { polling: 'raf', timeout: 10_000 },
  );
  await expect(page.locator('.cv-msg-forged').first()).toHaveAttribute('aria-label', /^Ping .*forged by a byzantine sender$/);
  await page.locator('.react-flow').screenshot({ path: 'tmp-scratch/faults-byzantine-cluster.png' });
  expect((await state(page)).violation).toBeNull();
  expect(errors).toEqual([]);
});

test('Raft declares no byzantine policies: the inspector offers no such choice', async ({ page }) => {
  await openPlayground(page, 'seed=42&paused=1');
  await page.getByRole('button', { name: /^S1, / }).click();
  await expect(page.getByRole('group', { name: 'Actions on S1' }).first()).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Byzantine' })).toHaveCount(0);
});
