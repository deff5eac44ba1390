import { expect, test } from '@playwright/test';
import { command, leaderOf, openPlayground, state, waitForStablePause, waitForState } from './helpers';

test.describe('the playground page', () => {
  test('a first visit shows a running 5-node cluster that elects a leader', async ({ page }) => {
    const errors = await openPlayground(page);
    await expect(page.getByRole('button', { name: /S1,/ })).toBeVisible({ timeout: 5_000 });
    const s = await waitForState(page, (st) => leaderOf(st) !== null);
    expect(s.nodes.filter((n) => n.up)).toHaveLength(5);
    const leader = leaderOf(s)!;
    // The accessible name says who leads, in which term.
    await expect(page.getByRole('button', { name: new RegExp(`^${leader.name}, leader, term ${leader.view!.term}`) })).toBeVisible();
    expect(errors).toEqual([]);
  });

  test('crashing the leader leads to a new leader in a higher term', async ({ page }) => {
    await openPlayground(page);
    await command(page, 'setSpeed', 1);
    const before = leaderOf(await waitForState(page, (st) => leaderOf(st) !== null))!;
    // Select the leader in the cluster view and crash it from the inspector, as a user would.
    await page.getByRole('button', { name: new RegExp(`^${before.name}, leader`) }).click();
    await page.getByRole('group', { name: `Actions on ${before.name}` }).getByRole('button', { name: /crash/i }).click();
    const after = await waitForState(page, (st) => {
      const l = leaderOf(st);
      return l !== null && l.id !== before.id;
    });
    expect(after.nodes.find((n) => n.id === before.id)!.up).toBe(false);
    expect(leaderOf(after)!.view!.term).toBeGreaterThan(before.view!.term);
    await expect(page.getByRole('button', { name: new RegExp(`^${before.name}, crashed`) })).toBeVisible();
  });

  test('a partitioned minority cannot commit, and healing reconciles the logs', async ({ page }) => {
    await openPlayground(page);
    await command(page, 'setSpeed', 2);
    const first = leaderOf(await waitForState(page, (st) => leaderOf(st) !== null && st.nodes.every((n) => (n.view?.commitIndex ?? 0) >= 2)))!;
    const others = [0, 1, 2, 3, 4].filter((id) => id !== first.id);
    const minority = [first.id, others[0]!];
    const majority = others.slice(1);
    await command(page, 'partition', [minority, majority]);
    const split = await waitForState(page, (st) => st.nodes.some((n) => majority.includes(n.id) && n.view?.role === 'leader'));
    const minorityCommit = Math.max(...split.nodes.filter((n) => minority.includes(n.id)).map((n) => n.view!.commitIndex));
    // Writes keep arriving at the minority, which can never commit them. Wait until the majority
    // has committed past the minority, and three virtual seconds of partition (what the fixed
    // 1.5 s wall-time sleep gave at speed 2; many election timeouts) gave the minority its chance.
    const later = await waitForState(page, (st) => {
      const leader = st.nodes.find((n) => majority.includes(n.id) && n.view?.role === 'leader');
      return st.now >= split.now + 3_000_000 && leader !== undefined && leader.view!.commitIndex > minorityCommit;
    });
    const majorityLeader = later.nodes.find((n) => majority.includes(n.id) && n.view?.role === 'leader')!;
    expect(Math.max(...later.nodes.filter((n) => minority.includes(n.id)).map((n) => n.view!.commitIndex))).toBe(minorityCommit);
    expect(majorityLeader.view!.commitIndex).toBeGreaterThan(minorityCommit);

    await command(page, 'heal');
    const healed = await waitForState(page, (st) => {
      const logs = st.nodes.filter((n) => n.up).map((n) => JSON.stringify(n.view!.log.slice(0, Math.min(...st.nodes.map((m) => m.view!.commitIndex)))));
      const commits = st.nodes.map((n) => n.view!.commitIndex);
      return new Set(logs).size === 1 && Math.min(...commits) > majorityLeader.view!.commitIndex;
    });
    // The old leader stepped down and holds the majority's entries now.
    expect(healed.nodes.find((n) => n.id === first.id)!.view!.role).not.toBe('leader');
  });

  test('rewinding shows the earlier state, and replaying gives the same trace hash', async ({ page }) => {
    await openPlayground(page);
    await command(page, 'setSpeed', 2);
    const early = await waitForState(page, (st) => st.now >= 1_500_000);
    await command(page, 'pause');
    const mark = await waitForStablePause(page);
    await command(page, 'play');
    await waitForState(page, (st) => st.now >= mark.now + 2_000_000);
    await command(page, 'seek', mark.now);
    const back = await waitForState(page, (st) => st.now === mark.now && !st.playing);
    expect(back.traceHash).toBe(mark.traceHash);
    expect(back.nodes.map((n) => n.view?.term)).toEqual(mark.nodes.map((n) => n.view?.term));
    await expect(page.getByTestId('trace-hash')).toHaveText(mark.traceHash);
    expect(early.now).toBeLessThanOrEqual(mark.now);
  });

  test('acting in the past asks before forking, and Undo brings the old future back', async ({ page }) => {
    await openPlayground(page);
    await command(page, 'setSpeed', 4);
    await waitForState(page, (st) => st.now >= 1_500_000);
    await command(page, 'pause');
    const mark = await waitForStablePause(page);
    const recorded = (await state(page)) as unknown as { recordedUntil: number; actions: unknown[] };
    await command(page, 'seek', 500_000);
    await waitForState(page, (st) => st.now === 500_000);

    // Cancel: nothing happens, the recorded future stays.
    await command(page, 'crash', 0);
    const dialog = page.getByRole('dialog', { name: 'Start a new future here?' });
    await expect(dialog).toBeVisible();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toBeHidden();
    const kept = (await state(page)) as unknown as { recordedUntil: number; actions: unknown[]; nodes: { up: boolean }[] };
    expect(kept.recordedUntil).toBe(recorded.recordedUntil);
    expect(kept.nodes[0]!.up).toBe(true);

    // Fork here: S1 crashes at 0.5 s, and the notice offers Undo.
    await command(page, 'crash', 0);
    await dialog.getByRole('button', { name: 'Fork here' }).click();
    await waitForState(page, (st) => !st.nodes[0]!.up);
    await page.getByRole('button', { name: 'Undo' }).click();
    // The old run again: S1 up at 0.5 s, and at the marked moment the same trace hash.
    await waitForState(page, (st) => st.now === 500_000 && st.nodes[0]!.up && (st as unknown as { recordedUntil: number }).recordedUntil >= mark.now);
    await command(page, 'seek', mark.now);
    const back = await waitForState(page, (st) => st.now === mark.now);
    expect(back.traceHash).toBe(mark.traceHash);
  });

  test('a message clicked away is dropped at once in the inspector, and its click target is at least 24 px', async ({ page }) => {
    await openPlayground(page, 'seed=42&paused=1');
    await waitForState(page, (st) => st.nodes.length === 5);
    // The first election: requests fly from the candidate.
    await command(page, 'stepToInteresting');
    await waitForState(page, (st) => ((st as unknown as { inFlight: unknown[] }).inFlight.length ?? 0) > 0);
    const glyph = page.locator('.cv-msg').first();
    const hit = await glyph.locator('.cv-msg-hit').boundingBox();
    expect(Math.min(hit!.width, hit!.height)).toBeGreaterThanOrEqual(24);
    await glyph.click();
    const inspector = page.getByRole('region', { name: 'Inspector' });
    await expect(inspector).toContainText(/dropped by you at [\d.]+ m?s: it will never arrive/);
    await expect(inspector.getByRole('button', { name: 'Drop this message' })).toHaveCount(0);
  });

  test('going back before the events the page keeps still shows what led up to that moment', async ({ page }) => {
    await openPlayground(page, 'seed=42&paused=1');
    await waitForState(page, (st) => st.nodes.length === 5);
    // 80 virtual seconds hold more events than the page keeps (it keeps the newest 20 000).
    await command(page, 'seek', 80_000_000);
    const far = await waitForState(page, (st) => st.now === 80_000_000);
    expect((far as unknown as { traceLength: number }).traceLength).toBe(20_000);
    await command(page, 'seek', 10_000_000);
    await waitForState(page, (st) => st.now === 10_000_000);
    const log = page.getByRole('region', { name: 'Event log' });
    await log.getByRole('button', { name: 'All' }).click();
    // Lines from the seconds before 10 s, not "Nothing yet".
    await expect(log.getByText(/^[5-9]\.\d{3} s$/).first()).toBeVisible();
    await expect(log).not.toContainText('Nothing');
  });

  test('New run: a chosen seed, Raft settings and client rate, refused out of range, kept by a reload', async ({ page }) => {
    await openPlayground(page, 'seed=42&paused=1');
    await waitForState(page, (st) => st.nodes.length === 5);
    await page.getByRole('button', { name: 'New run' }).click();
    const dialog = page.getByRole('dialog', { name: 'New run' });
    await expect(dialog.getByLabel('Seed')).toHaveValue('42');
    await dialog.getByLabel('Seed').fill('7');
    await dialog.getByLabel('Heartbeat interval (ms)').fill('200');
    await dialog.getByRole('button', { name: 'Start the run' }).click();
    await expect(dialog.getByRole('alert')).toHaveText(/"Heartbeat interval" \(200\) must be below "Election timeout, shortest" \(150\)/);
    await dialog.getByLabel('Heartbeat interval (ms)').fill('40');
    await dialog.getByLabel('Pre-Vote (thesis §9.6)').uncheck();
    const rate = dialog.getByLabel('Client requests (per second)');
    await expect(rate).toHaveValue('4');
    await rate.fill('5000');
    await dialog.getByRole('button', { name: 'Start the run' }).click();
    await expect(dialog.getByRole('alert')).toContainText('Client requests must be 0 (none) or a number from 0.01 to 1000 per second (not 5000)');
    await rate.fill('10');
    await dialog.getByRole('button', { name: 'Start the run' }).click();
    await expect(dialog).toBeHidden();
    await waitForState(page, (st) => (st as unknown as { seed: number }).seed === 7);
    expect(new URL(page.url()).searchParams.get('seed')).toBe('7');
    // A reload opens the same run: the seed and the settings.
    await page.reload();
    await page.waitForFunction(() => 'quorum' in window);
    await waitForState(page, (st) => (st as unknown as { seed: number }).seed === 7 && st.nodes.length === 5);
    await page.getByRole('button', { name: 'New run' }).click();
    await expect(dialog.getByLabel('Heartbeat interval (ms)')).toHaveValue('40');
    await expect(dialog.getByLabel('Pre-Vote (thesis §9.6)')).not.toBeChecked();
    await expect(dialog.getByLabel('Client requests (per second)')).toHaveValue('10');
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
  });

  test('pausing at 100x stops at the instant shown, not where the run had got to', async ({ page }) => {
    await openPlayground(page);
    await command(page, 'setSpeed', 100);
    await waitForState(page, (st) => st.now >= 5_000_000);
    // Read the time shown and pause in one go, as a click on Pause does between two frames.
    const shown = await page.evaluate(() => {
      const q = (window as unknown as { quorum: { state(): { now: number }; command(n: string): void } }).quorum;
      const at = q.state().now;
      q.command('pause');
      return at;
    });
    // A step already on its way still lands (up to 10 virtual seconds on) and the page then goes
    // back to the instant shown. Read only after that step had time to land (1.5 s of wall time):
    // before it, the time still reads as shown whether or not the page goes back.
    const pausedAt = Date.now();
    await expect
      .poll(async () => {
        const st = await state(page);
        return Date.now() - pausedAt > 1_500 && !st.playing && st.now === shown;
      }, { timeout: 20_000 })
      .toBe(true);
  });
});
