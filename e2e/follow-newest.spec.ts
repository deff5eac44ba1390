import { expect, test, type Page } from '@playwright/test';
import { command, openPlayground, state } from './helpers';

/**
 * The event log follows its newest line and the Raft log table its newest index while the run
 * plays, unless the reader scrolled back (issue 12 moved both off reading the layout at each
 * update: scroll anchoring and observers now keep them there).
 */

const scroll = (page: Page) =>
  page.evaluate(() => {
    const log = document.querySelector('.eventlog-list')!;
    const table = document.querySelector('.logtable-scroll')!;
    return {
      logFromEnd: log.scrollHeight - log.clientHeight - log.scrollTop,
      logOverflows: log.scrollHeight > log.clientHeight + 50,
      tableFromEnd: table.scrollWidth - table.clientWidth - table.scrollLeft,
      tableOverflows: table.scrollWidth > table.clientWidth + 50,
    };
  });

test('the event log and the log table keep to the newest while playing, and stay where the reader scrolled back', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  const errors = await openPlayground(page, 'seed=42&paused=1');
  await expect.poll(async () => (await state(page)).nodes.length).toBe(5);
  const log = page.getByRole('region', { name: 'Event log' });
  await log.getByRole('button', { name: 'All' }).click();
  await command(page, 'setSpeed', 2);
  await command(page, 'play');

  // Both overflow within a few seconds of play, and both stay at their end as lines and columns come.
  await expect.poll(async () => (await scroll(page)).logOverflows && (await scroll(page)).tableOverflows, { timeout: 20_000 }).toBe(true);
  for (let i = 0; i < 4; i++) {
    await page.waitForTimeout(400);
    const s = await scroll(page);
    expect(s.logFromEnd).toBeLessThanOrEqual(24);
    expect(s.tableFromEnd).toBeLessThanOrEqual(40);
  }

  // Scrolled back, they stay; the log offers the way to the newest.
  await page.evaluate(() => {
    document.querySelector('.eventlog-list')!.scrollTop = 0;
    document.querySelector('.logtable-scroll')!.scrollLeft = 0;
  });
  await expect(log.getByRole('button', { name: '↓ Newest' })).toBeVisible();
  await page.waitForTimeout(800);
  expect(await page.evaluate(() => document.querySelector('.eventlog-list')!.scrollTop)).toBe(0);
  expect(await page.evaluate(() => document.querySelector('.logtable-scroll')!.scrollLeft)).toBe(0);

  await log.getByRole('button', { name: '↓ Newest' }).click();
  await expect(log.getByRole('button', { name: '↓ Newest' })).toBeHidden();
  await page.waitForTimeout(800);
  expect((await scroll(page)).logFromEnd).toBeLessThanOrEqual(24);
  expect(errors).toEqual([]);
});
