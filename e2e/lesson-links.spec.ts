import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { waitForState } from './helpers';

const publicDir = join(process.cwd(), 'public');
const readJson = (...path: string[]) => JSON.parse(readFileSync(join(publicDir, ...path), 'utf8'));
const index = readJson('lessons', 'index.json') as { lessons: { id: string; title: string; file: string }[] };
/** The seed of the scenario a lesson runs: the page must be showing that run, not the default. */
const seedOf = (file: string) => (readJson('scenarios', (readJson('lessons', file) as { scenario: string }).scenario) as { seed: number }).seed;

// One page for all lessons (each link loaded in turn): a fresh browser context per lesson cost CI
// half a minute of start-ups for the same checks.
test(`every lesson opens from its own link (${index.lessons.map((l) => l.id).join(', ')})`, async ({ page }) => {
  test.setTimeout(30_000 + 10_000 * index.lessons.length);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  for (const lesson of index.lessons) {
    await test.step(lesson.id, async () => {
      await page.goto(`./?lesson=${lesson.id}`);
      const card = page.getByRole('region', { name: `Lesson: ${lesson.title}` });
      await expect(card).toBeVisible({ timeout: 10_000 });
      await expect(card).toContainText(/Step 1 of \d+/);
      // The first node of some group says its state (S1 for Raft, FE1 for the mesh).
      await expect(page.getByRole('button', { name: /^[A-Z]+1,/ }).first()).toBeVisible({ timeout: 10_000 });
      await expect(page.getByRole('status').filter({ hasText: 'trace' })).toContainText(`seed ${seedOf(lesson.file)}`);
      expect(errors, lesson.id).toEqual([]);
    });
  }
});

test('an unknown lesson in the link says so and the page still runs', async ({ page }) => {
  await page.goto('./?lesson=no-such-lesson');
  await expect(page.getByRole('alert')).toContainText('there is no lesson "no-such-lesson"');
  await expect(page.getByRole('button', { name: /^S1,/ })).toBeVisible({ timeout: 10_000 });
});

test('a link to a step opens the lesson there, walked through the steps before; scrubbed back, the card says how to return; Back works', async ({ page }) => {
  // What the page does, computed in Node: the headless learner walks split-vote to step 5.
  const { parseLesson } = await import('../engine/scenario/lesson');
  const { parseScenario } = await import('../engine/scenario/schema');
  const { walkLesson } = await import('../app/lessons/walk');
  const lesson = parseLesson(readJson('lessons', 'split-vote.json'), 'split-vote.json');
  const walked = await walkLesson(lesson, parseScenario(readJson('scenarios', lesson.scenario)), { stopAtStep: 4 });
  const [step4, step5] = [walked.progress.entries[3]!.atUs, walked.progress.entries[4]!.atUs];

  await page.goto('./?lesson=split-vote&step=5');
  const card = page.getByRole('region', { name: 'Lesson: Split votes' });
  await expect(card).toContainText('Step 5 of 12', { timeout: 15_000 });
  await waitForState(page, (s) => s.now === step5 && !s.playing);
  await expect(card.getByRole('button', { name: 'Next' })).toBeEnabled();
  // Scrubbed back to before step 5 began, the card does not narrate it: it says how to get back.
  await page.evaluate((at) => (window as unknown as { quorum: { command(n: string, a: number): void } }).quorum.command('seek', at), step4);
  await waitForState(page, (s) => s.now === step4);
  await expect(card.getByRole('status').filter({ hasText: 'Off track' })).toContainText('before this step begins');
  await expect(card.getByRole('button', { name: 'Next' })).toBeDisabled();
  await card.getByRole('button', { name: /^Go to t = / }).click();
  await waitForState(page, (s) => s.now === step5);
  await expect(card).not.toContainText('Off track');
  await expect(card.getByRole('button', { name: 'Next' })).toBeEnabled();
  // Back: step 4 as the class would have seen it, from its own moment.
  await card.getByRole('button', { name: 'Back' }).click();
  await expect(card).toContainText('Step 4 of 12');
  await waitForState(page, (s) => s.now >= step4 && s.now < step5);
});

test('a link to a step the lesson does not have says so, and the page still runs', async ({ page }) => {
  await page.goto('./?lesson=split-vote&step=99');
  await expect(page.getByRole('alert')).toContainText('step "99" is not one of its 12 steps');
  await expect(page.getByRole('button', { name: /^S1,/ })).toBeVisible({ timeout: 10_000 });
});
