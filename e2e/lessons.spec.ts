import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { command, leaderOf, openPlayground, state, waitForStablePause, waitForState } from './helpers';

/**
 * Built-in scenarios, lessons and presenter mode, as a teacher uses them: the header's
 * "Scenarios & lessons" menu, the lesson card stepped with PageDown / PageUp (a clicker), and
 * the "Presenter mode" toggle. Selectors go by role and accessible name.
 */
const publicDir = fileURLToPath(new URL('../public/', import.meta.url));
const readJson = <T>(path: string) => JSON.parse(readFileSync(join(publicDir, path), 'utf8')) as T;
type Entry = { id: string; title: string; file: string };
const scenarios = readJson<{ scenarios: Entry[] }>('scenarios/index.json').scenarios;

const seedOf = (s: object) => (s as { seed: number }).seed;

async function openMenu(page: Page) {
  await page.getByRole('button', { name: 'Scenarios & lessons' }).click();
  const dialog = page.getByRole('dialog', { name: 'Scenarios and lessons' });
  await expect(dialog).toBeVisible();
  return dialog;
}

test.describe('lessons and built-in scenarios', () => {
  test('a lesson loads its scenario and steps with PageDown / PageUp', async ({ page }) => {
    const errors = await openPlayground(page, 'seed=42&paused=1');
    await waitForState(page, (s) => s.nodes.length > 0);
    const dialog = await openMenu(page);
    await dialog.getByRole('button', { name: 'Electing a leader' }).click();
    await expect(dialog).toBeHidden();

    const lesson = page.getByRole('region', { name: 'Lesson: Electing a leader' });
    await expect(lesson).toBeVisible();
    await expect(lesson.getByText('Step 1 of 10')).toBeVisible();
    await expect(lesson).toContainText('Every server starts as a follower.');
    // The lesson's scenario (first-election.json: seed 1, five servers running) replaced the page's.
    const loaded = await waitForState(page, (s) => seedOf(s) === 1 && s.now === 0);
    expect(loaded.nodes.filter((n) => n.up)).toHaveLength(5);
    expect(loaded.playing).toBe(false);

    // PageDown is Next; step 2 plays until the first election, then moves on by itself and pauses.
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('PageDown');
    await expect(lesson.getByText('Step 3 of 10')).toBeVisible({ timeout: 30_000 });
    await waitForState(page, (s) => !s.playing && s.nodes.some((n) => n.view?.role === 'candidate' || n.view?.role === 'leader'));
    const step3 = await waitForStablePause(page);
    await expect(lesson).toContainText("S2's timer ran out first.");

    // PageUp is Back: the run goes back to where step 2 began (t = 0) and plays it again.
    await page.keyboard.press('PageUp');
    await expect(lesson.getByText('Step 2 of 10')).toBeVisible();
    await waitForState(page, (s) => s.now < step3.now && s.playing);
    await expect(lesson.getByRole('button', { name: 'Next' })).toBeEnabled();
    // Forward again: the same moment as before, exactly (same trace hash), paused as step 3 was.
    await page.keyboard.press('PageDown');
    await expect(lesson.getByText('Step 3 of 10')).toBeVisible();
    await waitForState(page, (s) => s.now === step3.now && !s.playing);
    const again = await waitForStablePause(page);
    expect(again.traceHash).toBe(step3.traceHash);

    // Step 4 plays until S2 wins; step 5 pauses on it.
    await page.keyboard.press('PageDown');
    await expect(lesson.getByText('Step 5 of 10')).toBeVisible({ timeout: 30_000 });
    const elected = await waitForState(page, (s) => leaderOf(s) !== null && !s.playing);
    expect(leaderOf(elected)!.name).toBe('S2');

    // Step 6 waits for a second of simulated time; Next is disabled meanwhile, with a hint.
    await page.keyboard.press('PageDown');
    await expect(lesson.getByText('Step 6 of 10')).toBeVisible();
    await expect(lesson.getByRole('button', { name: 'Next' })).toBeDisabled();
    await expect(lesson.getByText('Waiting for:')).toBeVisible();
    await expect(lesson.getByRole('button', { name: 'Next' })).toBeEnabled({ timeout: 30_000 });

    // Step 7 waits for the learner to crash the leader, as a user does it.
    await page.keyboard.press('PageDown');
    await expect(lesson.getByText('Step 7 of 10')).toBeVisible();
    await expect(lesson).toContainText('Waiting for: you to crash the leader');
    await expect(lesson.getByRole('button', { name: 'Next' })).toBeDisabled();
    await page.getByRole('button', { name: /^S2, leader/ }).click();
    await page.getByRole('group', { name: 'Actions on S2' }).getByRole('button', { name: /crash/i }).click();
    await expect(lesson.getByRole('button', { name: 'Next' })).toBeEnabled();
    await lesson.getByRole('button', { name: 'Next' }).click();
    await expect(lesson.getByText('Step 8 of 10')).toBeVisible();
    await waitForState(page, (s) => {
      const l = leaderOf(s);
      return l !== null && l.name !== 'S2';
    });
    await expect(lesson.getByRole('button', { name: 'Next' })).toBeEnabled();

    await lesson.getByRole('button', { name: 'Exit lesson' }).click();
    await expect(lesson).toBeHidden();
    expect(errors).toEqual([]);
  });

  test('the menu lists every built-in scenario, and one of each system opens from it', async ({ page }) => {
    // Every link is replayed in builtin-links.spec.ts through the same session.open the menu
    // calls; here the menu itself: all listed, and a scenario of each system loads and plays.
    const firstOfEach = new Map<string, Entry>();
    for (const entry of scenarios) {
      const system = readJson<{ protocol: { name: string } }>(`scenarios/${entry.file}`).protocol.name;
      if (!firstOfEach.has(system)) firstOfEach.set(system, entry);
    }
    test.setTimeout(30_000 + 6_000 * firstOfEach.size);
    const errors = await openPlayground(page, 'seed=42&paused=1');
    await waitForState(page, (s) => s.nodes.length > 0);
    const menu = await openMenu(page);
    for (const entry of scenarios) await expect(menu.getByRole('button', { name: entry.title, exact: true }), entry.id).toHaveCount(1);
    await page.keyboard.press('Escape');
    for (const entry of firstOfEach.values()) {
      const scenario = readJson<{ seed: number; nodes: number; initiallyDown: number[] }>(`scenarios/${entry.file}`);
      const dialog = await openMenu(page);
      await dialog.getByRole('button', { name: entry.title, exact: true }).click();
      await expect(dialog).toBeHidden();
      // Loaded (its seed, its running servers: the spare slots stay out of sight) and playing.
      const running = scenario.nodes - (scenario.initiallyDown ?? []).length;
      const s = await waitForState(page, (st) => seedOf(st) === scenario.seed && st.playing && st.now > 0 && st.nodes.filter((n) => n.up).length === running);
      expect(s.violation, entry.id).toBeNull();
      expect(s.notice, entry.id).toBeNull();
      // Paused through the page's API: a scenario may pause itself by then (its run ends early).
      await command(page, 'pause');
    }
    expect(errors).toEqual([]);
  });

  test.describe('without the service worker (page.route cannot see what it fetches)', () => {
    test.use({ serviceWorkers: 'block' });
    test('a lesson index that cannot be fetched gives a message and a retry, not a blank page', async ({ page }) => {
      await page.route('**/lessons/index.json', (route) => route.fulfill({ status: 500, body: 'oops' }));
      await openPlayground(page, 'seed=42&paused=1');
      await waitForState(page, (s) => s.nodes.length > 0);
      const dialog = await openMenu(page);
      await expect(dialog.getByRole('alert')).toContainText('could not be loaded');
      await expect(dialog.getByRole('alert')).toContainText('lessons/index.json (HTTP 500)');
      await page.unroute('**/lessons/index.json');
      await dialog.getByRole('button', { name: 'Try again' }).click();
      await expect(dialog.getByRole('button', { name: 'Electing a leader' })).toBeVisible();
      await page.keyboard.press('Escape');
      await expect(dialog).toBeHidden();
      await expect(page.getByRole('region', { name: 'Cluster' })).toBeVisible();
    });
  });

  test('presenter mode: large type on html.presenter, toggled by its button', async ({ page }) => {
    await openPlayground(page, 'seed=42&paused=1');
    await waitForState(page, (s) => s.nodes.length > 0);
    const toggle = page.getByRole('button', { name: 'Presenter mode' });
    await expect(toggle).toHaveAttribute('aria-pressed', 'false');
    await toggle.click();
    await expect(toggle).toHaveAttribute('aria-pressed', 'true');
    await expect(page.locator('html')).toHaveClass(/\bpresenter\b/);
    const size = await page.evaluate(() => getComputedStyle(document.documentElement).fontSize);
    expect(parseFloat(size)).toBeGreaterThanOrEqual(22);
    // The arrow keys still step the simulation in presenter mode; PageDown without a lesson does nothing.
    const before = await state(page);
    await page.keyboard.press('PageDown');
    expect((await state(page)).now).toBe(before.now);
    await toggle.click();
    await expect(toggle).toHaveAttribute('aria-pressed', 'false');
    await expect(page.locator('html')).not.toHaveClass(/\bpresenter\b/);
  });

  // A lecture hall's projector: 1280x720 is common, 1920x1080 and 1600x1000 too. The lesson, the
  // cluster and (when there is room) all five rows of the logs stay inside their own boxes.
  for (const [width, height] of [
    [1280, 720],
    [1600, 1000],
  ] as const) {
    test(`presenter mode with a lesson fits a ${width}x${height} projector`, async ({ page }) => {
      await page.setViewportSize({ width, height });
      await openPlayground(page, 'lesson=log-replication');
      const card = page.getByRole('region', { name: 'Lesson: Log replication and commitment' });
      await expect(card).toContainText('Step 1 of');
      await page.getByRole('button', { name: 'Presenter mode' }).click();
      await expect(page.locator('html')).toHaveClass(/\bpresenter\b/);
      const box = async (selector: string) => (await page.locator(selector).first().boundingBox())!;
      const footer = await box('.app-footer');
      for (const selector of ['.lesson', '.app-cluster']) {
        const b = await box(selector);
        expect(b.y + b.height, `${selector} ends above the timeline`).toBeLessThanOrEqual(footer.y + 1);
        expect(b.height, `${selector} keeps a usable height`).toBeGreaterThan(height / 3);
      }
      for (const name of ['Back', 'Next', 'Exit lesson']) {
        const b = (await card.getByRole('button', { name }).boundingBox())!;
        const c = await box('.lesson');
        expect(b.x + b.width, `${name} inside the card`).toBeLessThanOrEqual(c.x + c.width);
      }
      const logs = page.getByRole('region', { name: 'Logs' });
      if (height >= 900) {
        const panel = (await logs.boundingBox())!;
        expect(panel.y + panel.height).toBeLessThanOrEqual(footer.y + 1);
        const lastRow = (await logs.getByRole('row').last().boundingBox())!;
        expect(lastRow.y + lastRow.height, 'S5 row visible').toBeLessThanOrEqual(panel.y + panel.height + 1);
      } else {
        // Too short for all five rows: the table stays beside the lesson (issue 11) and scrolls.
        await expect(logs).toBeVisible();
        const panel = (await logs.boundingBox())!;
        expect(panel.y + panel.height).toBeLessThanOrEqual(footer.y + 1);
      }
    });
  }
});
