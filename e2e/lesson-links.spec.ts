import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';

const publicDir = join(process.cwd(), 'public');
const readJson = (...path: string[]) => JSON.parse(readFileSync(join(publicDir, ...path), 'utf8'));
const index = readJson('lessons', 'index.json') as { lessons: { id: string; title: string; file: string }[] };
/** The seed of the scenario a lesson runs: the page must be showing that run, not the default. */
const seedOf = (file: string) => (readJson('scenarios', (readJson('lessons', file) as { scenario: string }).scenario) as { seed: number }).seed;

for (const lesson of index.lessons) {
  test(`lesson "${lesson.id}" opens from its own link`, async ({ page }) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`./?lesson=${lesson.id}`);
    const card = page.getByRole('region', { name: `Lesson: ${lesson.title}` });
    await expect(card).toBeVisible({ timeout: 10_000 });
    await expect(card).toContainText(/Step 1 of \d+/);
    await expect(page.getByRole('button', { name: /^S1,/ })).toBeVisible({ timeout: 10_000 });
    await expect(page.getByRole('status').filter({ hasText: 'trace' })).toContainText(`seed ${seedOf(lesson.file)}`);
    expect(errors).toEqual([]);
  });
}

test('an unknown lesson in the link says so and the page still runs', async ({ page }) => {
  await page.goto('./?lesson=no-such-lesson');
  await expect(page.getByRole('alert')).toContainText('there is no lesson "no-such-lesson"');
  await expect(page.getByRole('button', { name: /^S1,/ })).toBeVisible({ timeout: 10_000 });
});
