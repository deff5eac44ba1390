import { expect, test } from '@playwright/test';
import { InProcessRunner } from '../engine/runner/inprocess';
import { chaosTimeline } from '../engine/scenario/chaos';
import { defaultScenario, type Scenario } from '../engine/scenario/schema';

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
    ([s, until]) =>
      (window as unknown as { quorum: { runInWorkers(s: unknown, u: number): Promise<{ traceHash: string; events: number; runner: string; sometimes: unknown[] }> } }).quorum.runInWorkers(s, until),
    [scenario, untilUs] as const,
  );
  expect(inBrowser.runner).toBe('workers');
  expect(inBrowser.events).toBe(expected.events);
  expect(inBrowser.traceHash).toBe(expected.traceHash);
  // window.quorum's summary says which "sometimes" properties held, and when, as in process.
  expect(inBrowser.sometimes).toEqual(expected.sometimes);
  expect(inBrowser.sometimes.length).toBeGreaterThan(0);
  // The coordinator runs in a worker of its own; node workers are nested inside it.
  expect([...workerThreads].some((url) => url.includes('coordinator'))).toBe(true);
});

/**
 * Several actions at one instant (issue 9: a crash and a restart of one node in one instant hung
 * the worker runner, and with it the page). workers/same-instant.test.ts covers every pair in
 * Node; these check a few in the page's own workers, where a dying worker's last batch crosses a
 * real MessagePort.
 */
const sameInstant: [string, Partial<Scenario>][] = [
  ['a crash and a restart of one node', { timeline: [{ at: 500_000, action: { kind: 'crash', node: 0 } }, { at: 500_000, action: { kind: 'restart', node: 0 } }] }],
  ['a restart and a crash of a spare that was down', { initiallyDown: [2], timeline: [{ at: 500_000, action: { kind: 'restart', node: 2 } }, { at: 500_000, action: { kind: 'crash', node: 2 } }] }],
  ['a crash and a partition', { timeline: [{ at: 500_000, action: { kind: 'crash', node: 1 } }, { at: 500_000, action: { kind: 'partition', groups: [[0], [1, 2]] } }] }],
  ['a command and a crash of the node that took it', { timeline: [{ at: 500_000, action: { kind: 'command', node: 0, command: { type: 'forceElection' } } }, { at: 500_000, action: { kind: 'crash', node: 0 } }] }],
  ['a crash and a restart of one node at time 0', { timeline: [{ at: 0, action: { kind: 'crash', node: 0 } }, { at: 0, action: { kind: 'restart', node: 0 } }] }],
];

for (const [name, part] of sameInstant)
test(`same instant, ${name}: the page's worker runner finishes with the in-process trace hash`, async ({ page }) => {
  const untilUs = 1_000_000;
  const scenario: Scenario = { ...defaultScenario({ protocol: 'raft', nodes: 3, seed: 1, untilUs }), ...part };
  const expected = new InProcessRunner(scenario).runUntil(untilUs).summary();

  await page.goto('./');
  await page.waitForFunction(() => 'quorum' in window);
  // A hang fails here, naming the scenario, instead of at the test's own timeout.
  const inBrowser = await page.evaluate(
    ([s, until]) => {
      const quorum = (window as unknown as { quorum: { runInWorkers(s: unknown, u: number): Promise<{ traceHash: string; events: number; messages: unknown }> } }).quorum;
      const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 20_000));
      return Promise.race([quorum.runInWorkers(s, until), timeout]);
    },
    [scenario, untilUs] as const,
  );
  const replay = JSON.stringify(scenario);
  expect(inBrowser, `the worker runner did not finish: ${replay}`).not.toBe('timeout');
  if (inBrowser === 'timeout') return;
  expect({ traceHash: inBrowser.traceHash, events: inBrowser.events, messages: inBrowser.messages }, replay).toEqual({
    traceHash: expected.traceHash,
    events: expected.events,
    messages: expected.messages,
  });
});
