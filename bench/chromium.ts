import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { build, preview } from 'vite';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/chromium';
import { figures, type RunFigures } from './inprocess';
import { benchScenario } from './scenarios';


/**
 * Serves the built page (building it first if needed) and opens it in headless Chromium.
 * QP_BENCH_OUTDIR names another build folder than dist/ (helpers sharing a checkout build apart),
 * QP_BENCH_PORT another port than 4317.
 */
export async function withBuiltPage<T>(use: (page: Page, url: string) => Promise<T>): Promise<T> {
  const root = join(import.meta.dirname, '..');
  const outDir = process.env.QP_BENCH_OUTDIR ?? 'dist';
  const port = Number(process.env.QP_BENCH_PORT ?? 4317);
  if (!existsSync(join(root, outDir, 'index.html'))) await build({ root, logLevel: 'warn', build: { outDir } });
  const server = await preview({ root, build: { outDir }, preview: { port, strictPort: false }, logLevel: 'warn' });
  const url = server.resolvedUrls?.local[0] ?? 'http://localhost:4317/';
  let browser: Browser | null = null;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await page.goto(`${url}?paused=1`);
    await page.waitForFunction(() => 'quorum' in window);
    return await use(page, url);
  } finally {
    await browser?.close();
    await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
  }
}

interface Quorum {
  timedRun(s: unknown, u: number): Promise<{ startupMs: number; runMs: number; summary: { events: number; traceHash: string; messages: { sent: number } } }>;
  channelCeiling(): Promise<{ messagesPerSecond: number; roundTripUs: number }>;
}

export interface ChromiumFigures {
  ceiling: { messagesPerSecond: number; roundTripUs: number };
  workers5: RunFigures & { startupMs: number; messagesPerSecond: number };
  startup101Ms: number;
}

/** The worker runner in Chromium's Web Workers, beside the raw channel ceiling measured there. */
export async function benchChromium(untilMs: number): Promise<ChromiumFigures> {
  return withBuiltPage(async (page) => {
    const ceiling = await page.evaluate(() => (window as unknown as { quorum: Quorum }).quorum.channelCeiling());
    const run = async (nodes: number, ms: number) =>
      page.evaluate(([s, u]) => (window as unknown as { quorum: Quorum }).quorum.timedRun(s, u), [benchScenario(nodes, ms), ms * 1000] as const);
    const five = await run(5, untilMs);
    const hundred = await run(101, 1);
    return {
      ceiling,
      workers5: {
        ...figures(5, untilMs, five.runMs, five.summary.events, five.summary.traceHash),
        startupMs: Math.round(five.startupMs),
        messagesPerSecond: Math.round(five.summary.messages.sent / (five.runMs / 1000)),
      },
      startup101Ms: Math.round(hundred.startupMs),
    };
  });
}
