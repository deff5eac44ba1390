import { expect, test } from '@playwright/test';
import { InProcessRunner } from '../engine/runner/inprocess';
import { chaosTimeline } from '../engine/scenario/chaos';
import { defaultScenario } from '../engine/scenario/schema';

for (const protocol of ['ping', 'raft'] as const)
test(`${protocol}: a chaotic run in Chromium Web Workers has the in-process trace hash`, async ({ page }) => {
  const untilUs = 6_000_000;
  const base = defaultScenario({ protocol, nodes: 5, seed: 2026, untilUs, network: { lossRate: 0.05, duplicateRate: 0.02 } });
  const chaos = chaosTimeline({ seed: 2026, nodes: 5, untilUs, meanGapUs: 250_000, baseLossRate: 0.05 });
  const scenario = { ...base, timeline: chaos.timeline, healedAtUs: chaos.healedAtUs };
  expect(scenario.timeline.some((t) => t.action.kind === 'crash')).toBe(true);
  expect(scenario.timeline.some((t) => t.action.kind === 'restart')).toBe(true);
  const expected = new InProcessRunner(scenario).runUntil(untilUs).summary();

  await page.goto('./');
  await page.waitForFunction(() => 'quorum' in window);
  const workerThreads = new Set<string>();
  page.on('worker', (w) => workerThreads.add(w.url()));
  const inBrowser = await page.evaluate(
    ([s, until]) => (window as unknown as { quorum: { runInWorkers(s: unknown, u: number): Promise<{ traceHash: string; events: number; runner: string }> } }).quorum.runInWorkers(s, until),
    [scenario, untilUs] as const,
  );
  expect(inBrowser.runner).toBe('workers');
  expect(inBrowser.events).toBe(expected.events);
  expect(inBrowser.traceHash).toBe(expected.traceHash);
  // The coordinator runs in a worker of its own; node workers are nested inside it.
  expect([...workerThreads].some((url) => url.includes('coordinator'))).toBe(true);
});
