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

/** Frame rate of the page at 1x with 5, 9 and 25 servers, in headless Chromium. */
export async function benchFrames(): Promise<FrameFigures[]> {
  return withBuiltPage(async (page, url) => {
    const out: FrameFigures[] = [];
    for (const nodes of [5, 9, 25]) out.push(await measure(page, url, nodes, 5));
    return out;
  });
}
