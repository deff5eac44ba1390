import type { Page } from '@playwright/test';
import { withBuiltPage } from './chromium';

export interface FrameFigures {
  nodes: number;
  framesPerSecond: number;
  /** Frames that took longer than 50 ms (visible stutter). */
  longFrames: number;
  p95FrameMs: number;
}

/** Counts animation frames in the built page while a cluster of `nodes` runs at 1x. */
export async function measure(page: Page, url: string, nodes: number, seconds: number): Promise<FrameFigures> {
  await page.goto(`${url}?seed=11&nodes=${nodes}`);
  await page.waitForFunction(() => (window as unknown as { quorum: { state(): { ready: boolean } } }).quorum?.state().ready === true);
  await page.evaluate(() => (window as unknown as { quorum: { command(n: string, ...a: unknown[]): void } }).quorum.command('setSpeed', 1));
  await page.waitForTimeout(1500); // warm-up: the first election, JIT
  // A string, not a function: tsx would wrap a function's inner names in a helper the page lacks.
  const frames = (await page.evaluate(`new Promise((resolve) => {
    const times = [];
    const start = performance.now();
    const tick = (t) => { times.push(t); if (t - start < ${seconds * 1000}) requestAnimationFrame(tick); else resolve(times); };
    requestAnimationFrame(tick);
  })`)) as number[];
  const gaps = frames.slice(1).map((t, i) => t - frames[i]!);
  const sorted = [...gaps].sort((a, b) => a - b);
  const spanS = (frames[frames.length - 1]! - frames[0]!) / 1000;
  return {
    nodes,
    framesPerSecond: Math.round((gaps.length / spanS) * 10) / 10,
    longFrames: gaps.filter((g) => g > 50).length,
    p95FrameMs: Math.round(sorted[Math.floor(sorted.length * 0.95)]! * 10) / 10,
  };
}

export interface FirstVisitFigures {
  /** From navigation to five servers drawn and running. */
  runningMs: number;
  /** From navigation to the first elected leader (at the page's default speed). */
  firstLeaderMs: number;
}

/** A first visit with no link: how soon a running cluster is on screen. */
async function firstVisit(page: Page, url: string): Promise<FirstVisitFigures> {
  await page.goto('about:blank');
  const started = Date.now();
  await page.goto(url);
  await page.waitForFunction(() => {
    const s = (window as unknown as { quorum?: { state(): { ready: boolean; nodes: unknown[] } } }).quorum?.state();
    return s?.ready === true && s.nodes.length === 5;
  }, undefined, { polling: 20 });
  const runningMs = Date.now() - started;
  await page.waitForFunction(() => {
    const s = (window as unknown as { quorum: { state(): { nodes: { view: { role?: string } | null }[] } } }).quorum.state();
    return s.nodes.some((n) => n.view?.role === 'leader');
  }, undefined, { polling: 20, timeout: 30_000 });
  return { runningMs, firstLeaderMs: Date.now() - started };
}

export interface TopSpeedFigures {
  /** The slider's top speed. */
  chosen: number;
  /** Virtual seconds per wall second the page reached (what its status line reports). */
  reached: number;
  framesPerSecond: number;
}

/** The page's default five servers at the slider's top speed: the speed reached, and frames. */
export async function topSpeed(page: Page, url: string, seconds: number): Promise<TopSpeedFigures> {
  type Q = { quorum: { state(): { ready: boolean; now: number }; command(n: string, ...a: unknown[]): void } };
  await page.goto(`${url}?seed=11&nodes=5`);
  await page.waitForFunction(() => (window as unknown as Q).quorum?.state().ready === true);
  const chosen = 100; // app/session/session.ts MAX_SPEED
  await page.evaluate((s) => (window as unknown as Q).quorum.command('setSpeed', s), chosen);
  await page.waitForTimeout(2000); // warm-up
  const startAt = await page.evaluate(() => (window as unknown as Q).quorum.state().now);
  const frames = (await page.evaluate(`new Promise((resolve) => {
    const times = [];
    const start = performance.now();
    const tick = (t) => { times.push(t); if (t - start < ${seconds * 1000}) requestAnimationFrame(tick); else resolve(times); };
    requestAnimationFrame(tick);
  })`)) as number[];
  const endAt = await page.evaluate(() => (window as unknown as Q).quorum.state().now);
  const spanS = (frames[frames.length - 1]! - frames[0]!) / 1000;
  return {
    chosen,
    reached: Math.round(((endAt - startAt) / 1e6 / spanS) * 10) / 10,
    framesPerSecond: Math.round(((frames.length - 1) / spanS) * 10) / 10,
  };
}

/** Frame rate of the page at 1x with 5, 9 and 25 servers, the first visit and the top speed, in headless Chromium. */
export async function benchFrames(): Promise<{ frames: FrameFigures[]; firstVisit: FirstVisitFigures; topSpeed: TopSpeedFigures }> {
  return withBuiltPage(async (page, url) => {
    const visit = await firstVisit(page, url);
    const out: FrameFigures[] = [];
    for (const nodes of [5, 9, 25]) out.push(await measure(page, url, nodes, 5));
    return { frames: out, firstVisit: visit, topSpeed: await topSpeed(page, url, 5) };
  });
}
