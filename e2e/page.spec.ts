import { expect, test } from '@playwright/test';

test('the built page loads from a relative base and names itself', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('./');
  await expect(page.getByRole('heading', { name: 'Quorum Playground' })).toBeVisible();
  expect(errors).toEqual([]);
});

// A laptop's 1280x720 and a roomy 1600x1000: every panel ends above the timeline (the footer),
// and the whole page fits the window without scrolling.
for (const [width, height] of [
  [1280, 720],
  [1600, 1000],
] as const) {
  test(`at ${width}x${height} no panel runs under the timeline`, async ({ page }) => {
    await page.setViewportSize({ width, height });
    await page.goto('./?seed=3&paused=1');
    await expect(page.getByRole('button', { name: /^S1,/ })).toBeVisible({ timeout: 10_000 });
    const footer = (await page.locator('.app-footer').boundingBox())!;
    expect(footer.y + footer.height).toBeLessThanOrEqual(height + 1);
    for (const name of ['Cluster', 'Inspector', 'Event log', 'Logs', 'Space-time diagram']) {
      const box = (await page.getByRole('region', { name, exact: true }).boundingBox())!;
      expect(box.y + box.height, `${name} ends above the timeline`).toBeLessThanOrEqual(footer.y + 1);
      expect(box.height, `${name} keeps some height`).toBeGreaterThan(100);
    }
  });
}

test('a lesson reads beside the cluster, which keeps its height', async ({ page }) => {
  await page.setViewportSize({ width: 1600, height: 1000 });
  await page.goto('./?lesson=membership-change');
  const card = page.getByRole('region', { name: /^Lesson: / });
  await expect(card).toContainText('Step 1 of');
  const cluster = (await page.getByRole('region', { name: 'Cluster', exact: true }).boundingBox())!;
  const lesson = (await card.boundingBox())!;
  expect(lesson.x, 'the card is to the right of the cluster').toBeGreaterThanOrEqual(cluster.x + cluster.width);
  expect(cluster.height, 'the cluster keeps more than 40% of the window').toBeGreaterThan(400);
  const footer = (await page.locator('.app-footer').boundingBox())!;
  expect(lesson.y + lesson.height).toBeLessThanOrEqual(footer.y + 1);
});
