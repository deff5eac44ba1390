import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Page } from '@playwright/test';
import { InProcessRunner } from '../engine/runner/inprocess';
import { scenarioFromFile } from '../engine/scenario/file';
import { encodeScenarioLink } from '../engine/scenario/link';
import type { Scenario } from '../engine/scenario/schema';

export interface PageNode {
  id: number;
  name: string;
  up: boolean;
  view: { role: string; term: number; commitIndex: number; logLength: number; log: { index: number; term: number; value: unknown }[] } | null;
}
export interface PageState {
  now: number;
  traceHash: string;
  /** A link's run shown before its checks are done (its trace and hash still to come). */
  checking: boolean;
  playing: boolean;
  nodes: PageNode[];
  violation: unknown;
  notice: { text: string } | null;
}

type Quorum = { state(): PageState; command(name: string, ...args: unknown[]): void; idle(): Promise<void> };

export const state = (page: Page) => page.evaluate(() => (window as unknown as { quorum: Quorum }).quorum.state());
export const command = (page: Page, name: string, ...args: unknown[]) =>
  page.evaluate(([n, a]) => (window as unknown as { quorum: Quorum }).quorum.command(n, ...a), [name, args] as const);

/** Opens the built page with a fixed seed, so a run is the same every time the test runs. */
export async function openPlayground(page: Page, query = 'seed=42') {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`./?${query}`);
  await page.waitForFunction(() => 'quorum' in window);
  return errors;
}

/** A built-in scenario, by its file name in public/scenarios/, read as the page reads it. */
export function builtinScenario(file: string): Scenario {
  return scenarioFromFile(readFileSync(join(process.cwd(), 'public', 'scenarios', file), 'utf8'), file).scenario;
}

export interface OpenScenarioOptions {
  /** Also check the page's trace hash at `atUs` against the one Node computes in process. */
  readonly checkHash?: boolean;
  /** Accept a run that stopped early at a monitor's violation (a scenario built to break one). */
  readonly orViolation?: boolean;
}

/**
 * Opens `scenario` (or a built-in one by file name) as a share link paused at `atUs`, at
 * 1280x720 (the size the readability checks use), and waits until the page stands there, its
 * checks done (waitForState: a violation on the way takes the page back to it). Returns
 * the page errors seen from then on and the page state reached.
 */
export async function openScenarioAt(page: Page, scenario: Scenario | string, atUs: number, options: OpenScenarioOptions = {}) {
  const opened = typeof scenario === 'string' ? builtinScenario(scenario) : scenario;
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(`./#${await encodeScenarioLink(opened, { atUs })}`);
  await page.waitForFunction(() => 'quorum' in window);
  const there = (s: PageState) => s.now === atUs || (options.orViolation === true && s.violation !== null);
  const reached = await waitForState(page, (s) => there(s) && !s.playing);
  if (options.checkHash) expect(reached.traceHash).toBe(new InProcessRunner(opened).runUntil(atUs).summary().traceHash);
  return { errors, state: reached };
}

export const leaderOf = (s: PageState) => s.nodes.find((n) => n.up && n.view?.role === 'leader') ?? null;

/**
 * Waits (in wall time) until the page state satisfies `predicate`, with its checks done: a link's
 * run is shown at its moment before its trace and hash come (PageState.checking).
 */
export async function waitForState(page: Page, predicate: (s: PageState) => boolean, timeout = 30_000): Promise<PageState> {
  let last: PageState | null = null;
  await expect
    .poll(
      async () => {
        last = await state(page);
        return !last.checking && predicate(last);
      },
      { timeout, intervals: [100, 200, 250] },
    )
    .toBe(true);
  return last!;
}

/**
 * Pausing stops new simulation requests, but one already on its way may still land and move
 * time: wait until two reads a little apart agree before taking the paused state as final.
 */
export async function waitForStablePause(page: Page): Promise<PageState> {
  // The pause's way back to the instant shown is queued behind the play step on its way: wait
  // for both to land (under load they can land after two reads a little apart agreed).
  await page.evaluate(() => (window as unknown as { quorum: Quorum }).quorum.idle());
  let previous: PageState | null = null;
  let stable: PageState | null = null;
  await expect
    .poll(
      async () => {
        const current = await state(page);
        const same = previous !== null && !current.playing && current.now === previous.now && current.traceHash === previous.traceHash;
        previous = current;
        if (same) stable = current;
        return same;
      },
      { timeout: 10_000, intervals: [150, 150, 250] },
    )
    .toBe(true);
  return stable!;
}

/**
 * Opens the Experiments dialog, runs a built-in experiment over `seeds` seeds per variant and
 * waits for its CDF plot. Returns the dialog.
 */
export async function runBuiltinExperiment(page: Page, name: string, seeds: number, runs: number) {
  await page.getByRole('button', { name: 'Experiments' }).click();
  const dialog = page.getByRole('dialog', { name: 'Experiments' });
  await dialog.getByLabel('Experiment', { exact: true }).selectOption(name);
  await dialog.getByLabel('Seeds per variant').fill(String(seeds));
  await dialog.getByRole('button', { name: `Run ${runs} runs` }).click();
  await expect(dialog.getByRole('img', { name: /Cumulative distribution/ })).toBeVisible({ timeout: 60_000 });
  return dialog;
}
