import { expect, test, type Page } from '@playwright/test';
import { command, openPlayground, state } from './helpers';

/**
 * The ring's, dynamo's and SWIM's lessons in the page: each opens from its link, reaches the
 * step where its story turns, and the page shows what the text says there. Short on purpose
 * (the headless walks, app/protocols/NAME/lesson.test.ts, check every step's facts).
 */
async function nextUntil(page: Page, card: ReturnType<Page['getByRole']>, step: number) {
  const stepNow = async () => Number(/Step (\d+)/.exec((await card.getByText(/^Step \d+ of \d+$/).textContent()) ?? '')?.[1]);
  for (let at = await stepNow(); at < step; at = await stepNow()) {
    const next = card.getByRole('button', { name: /^Next/ });
    // Next is enabled once the step's condition holds; a step may also move on by itself.
    await expect.poll(async () => (await stepNow()) > at || (await next.isEnabled()), { timeout: 30_000 }).toBe(true);
    if ((await stepNow()) === at) {
      await next.click();
      await expect.poll(stepNow).toBeGreaterThan(at);
    }
  }
  await expect.poll(stepNow).toBe(step);
}

test('a node joins the ring: the ring is drawn large, and S6 ends up holding 24 keys', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  const errors = await openPlayground(page, 'lesson=a-node-joins-the-ring');
  const card = page.getByRole('region', { name: 'Lesson: A node joins: which keys move' });
  await expect(card).toContainText('Step 1 of 11');
  // Step 5 waits for a chunk in flight, a state that lasts a few milliseconds: a frame at 4x can
  // step over it, and the page still sees it (it judges conditions on every event between frames).
  await command(page, 'setSpeed', 4);
  // The ring is the protocol's stage: a main panel at least twice the old 140 px.
  const ring = (await page.locator('.app-stage .ring-svg').boundingBox())!;
  expect(Math.min(ring.width, ring.height)).toBeGreaterThan(250);
  await nextUntil(page, card, 8);
  await expect(card).toContainText('24 keys moved');
  await expect(page.getByRole('region', { name: 'Hash ring', exact: true })).toContainText('every key is at its owner');
  const nodes = (await state(page)).nodes as unknown as { view: { held?: number[] } | null }[];
  expect(nodes[5]!.view?.held).toHaveLength(24);
  expect(errors).toEqual([]);
});

test('sloppy quorum: S4 holds a hint for S1, then hands it back', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  const errors = await openPlayground(page, 'lesson=sloppy-quorum-and-hinted-handoff');
  const card = page.getByRole('region', { name: 'Lesson: Sloppy quorum and hinted handoff' });
  await expect(card).toContainText('Step 1 of');
  // The lesson sets a slow clock in its first step only: the test runs the rest faster.
  await command(page, 'setSpeed', 4);
  await nextUntil(page, card, 6);
  const hints = async () => ((await state(page)).nodes as unknown as { view: { hintCount?: number } | null }[])[3]!.view?.hintCount;
  expect(await hints()).toBe(1);
  await nextUntil(page, card, 10);
  await expect(card).toContainText('S4 noticed S1 answering again');
  expect(await hints()).toBe(0);
  expect(errors).toEqual([]);
});

test('a rumour refuted: every member suspects S1, then S1 refutes at incarnation 1', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  const errors = await openPlayground(page, 'lesson=a-rumour-refuted');
  const card = page.getByRole('region', { name: 'Lesson: A rumour spreads, and is refuted' });
  await expect(card).toContainText('Step 1 of');
  await command(page, 'setSpeed', 4);
  await nextUntil(page, card, 7);
  const views = async () => ((await state(page)).nodes as unknown as { view: { incarnation: number; members: { status: string }[] } | null }[]).map((n) => n.view!);
  for (const v of (await views()).slice(1)) expect(v.members[0]!.status).toBe('suspect');
  await nextUntil(page, card, 9);
  expect((await views())[0]!.incarnation).toBe(1);
  expect(errors).toEqual([]);
});
