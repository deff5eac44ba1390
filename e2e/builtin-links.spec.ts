import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { scenarioFromFile } from '../engine/scenario/file';
import { encodeScenarioLink } from '../engine/scenario/link';
import { InProcessRunner } from '../engine/runner/inprocess';
import { state, waitForState } from './helpers';

const dir = join(process.cwd(), 'public', 'scenarios');
const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as { scenarios: { id: string; file: string }[] };

for (const entry of index.scenarios) {
  test(`built-in scenario "${entry.id}" opens from its share link and replays exactly`, async ({ page }) => {
    const { scenario } = scenarioFromFile(readFileSync(join(dir, entry.file), 'utf8'), entry.file);
    const atUs = 1_500_000;
    const link = await encodeScenarioLink(scenario, { atUs });
    expect(link.length).toBeLessThan(2000);
    // The page shows the run at the viewer's time, with the hash the engine gives in Node.
    const expected = new InProcessRunner(scenario).runUntil(atUs).summary().traceHash;
    await page.goto(`./#${link}`);
    await page.waitForFunction(() => 'quorum' in window);
    const s = await waitForState(page, (st) => st.now === atUs && !st.playing);
    expect(s.traceHash).toBe(expected);
    expect((await state(page)).notice).toBeNull();
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
  await page.goto(`./#${link}`);
  await page.waitForFunction(() => 'quorum' in window);
  const s = await waitForState(page, (st) => st.now === atUs && !st.playing);
  expect(s.traceHash).toBe(expected);
  // The run goes on in the node workers from there, and the crashed server is still shown.
  expect(s.nodes.find((n) => n.id === 2)?.up).toBe(false);
});
