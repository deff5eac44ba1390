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
async function measure(page: Page, url: string, nodes: number, seconds: number): Promise<FrameFigures> {
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

/** Frame rate of the page at 1x with 5, 9 and 25 servers, and the first visit, in headless Chromium. */
export async function benchFrames(): Promise<{ frames: FrameFigures[]; firstVisit: FirstVisitFigures }> {
  return withBuiltPage(async (page, url) => {
    const visit = await firstVisit(page, url);
    const out: FrameFigures[] = [];
    for (const nodes of [5, 9, 25]) out.push(await measure(page, url, nodes, 5));
    return { frames: out, firstVisit: visit };
  });
}
