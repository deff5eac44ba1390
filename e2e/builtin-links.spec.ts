import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { scenarioFromFile } from '../engine/scenario/file';
import { encodeScenarioLink } from '../engine/scenario/link';
import { InProcessRunner } from '../engine/runner/inprocess';
import { state, waitForState } from './helpers';

const dir = join(process.cwd(), 'public', 'scenarios');
const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as { scenarios: { id: string; file: string }[] };

/**
 * One page per system: its first built-in link is opened by loading the page, the others by
 * changing the address's fragment in it (as pasting a link into the same tab does), so both ways
 * in are checked. A page per link cost CI a minute of browser start-ups for the same checks; a
 * run left over from the previous link would show in the trace hash.
 */
const bySystem = new Map<string, { id: string; file: string }[]>();
for (const entry of index.scenarios) {
  const { scenario } = scenarioFromFile(readFileSync(join(dir, entry.file), 'utf8'), entry.file);
  const system = scenario.protocol.name;
  bySystem.set(system, [...(bySystem.get(system) ?? []), entry]);
}

for (const [system, entries] of bySystem) {
  test(`every built-in ${system} scenario opens from its share link and replays exactly (${entries.map((e) => e.id).join(', ')})`, async ({ page }) => {
    test.setTimeout(30_000 + 15_000 * entries.length);
    for (const entry of entries) {
      await test.step(entry.id, async () => {
        const { scenario } = scenarioFromFile(readFileSync(join(dir, entry.file), 'utf8'), entry.file);
        const atUs = 1_500_000;
        const link = await encodeScenarioLink(scenario, { atUs });
        expect(link.length, entry.id).toBeLessThan(2000);
        // The page shows the run at the viewer's time, with the hash the engine gives in Node.
        const expected = new InProcessRunner(scenario).runUntil(atUs).summary().traceHash;
        // The previous link's run also stood paused at atUs: wait for the new run's hash. Two
        // scenarios that differ only after atUs have the same one there: load the page for it.
        const previous = entry === entries[0] ? null : (await state(page)).traceHash;
        if (previous === null || previous === expected) {
          await page.goto('about:blank');
          await page.goto(`./#${link}`);
          await page.waitForFunction(() => 'quorum' in window);
        } else {
          await page.evaluate((fragment) => (location.hash = fragment), link);
        }
        const s = await waitForState(page, (st) => st.now === atUs && !st.playing && (previous === expected || st.traceHash !== previous));
        expect(s.traceHash, entry.id).toBe(expected);
        expect((await state(page)).notice, entry.id).toBeNull();
      });
    }
  });
}

test('a link made at minute 10 opens there with the hash Node computes (caught up in one thread, then the workers)', async ({ page }) => {
  // Ten virtual minutes are caught up in the coordinator's thread and handed to fresh node
  // workers (coordinator-service.ts): the page must not be able to tell. `npm run bench` times it.
  const { scenario } = scenarioFromFile(readFileSync(join(dir, 'network-storms.json'), 'utf8'), 'network-storms.json');
  const atUs = 600_000_000;
  const long = { ...scenario, timeline: [...scenario.timeline, { at: 300_000_000, action: { kind: 'crash' as const, node: 2 }, by: 'user' as const }] };
  const link = await encodeScenarioLink(long, { atUs });
  const expected = new InProcessRunner(long).runUntil(atUs).summary().traceHash;
  // Every frame, what the page showed: the cluster at the link's moment comes first, while its
  // checks (the trace, its hash) still run in the coordinator; then the hash.
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { shown: string[] }).shown = seen;
    const look = () => {
      const s = (window as unknown as { quorum?: { state(): { now: number; checking: boolean; nodes: unknown[] } } }).quorum?.state();
      const hash = document.querySelector('[data-testid="trace-hash"]')?.textContent ?? null;
      const line = s ? `${s.now}/${s.checking}/${s.nodes.length}/${document.querySelector('[data-testid="trace-checking"]') ? 'checking' : hash}` : 'none';
      if (seen[seen.length - 1] !== line) seen.push(line);
      requestAnimationFrame(look);
    };
    requestAnimationFrame(look);
  });
  await page.goto(`./#${link}`);
  await page.waitForFunction(() => 'quorum' in window);
  const s = await waitForState(page, (st) => st.now === atUs && !st.playing);
  expect(s.traceHash).toBe(expected);
  const shown = await page.evaluate(() => (window as unknown as { shown: string[] }).shown);
  expect(shown).toContain(`${atUs}/true/5/checking`);
  expect(shown[shown.length - 1]).toBe(`${atUs}/false/5/${expected}`);
  // The run goes on in the node workers from there, and the crashed server is still shown.
  expect(s.nodes.find((n) => n.id === 2)?.up).toBe(false);
});
