import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './e2e/chromium';

// The built page, served by `vite preview`, driven in Debian's Chromium (Playwright cannot
// download browsers here). The flags keep Chromium from reaching out to a network it lacks.
// PW_PORT and PW_OUTDIR let two checkouts (or two people) test side by side on one machine:
// `npx vite build --outDir dist-b && PW_PORT=4180 PW_OUTDIR=dist-b npx playwright test`.
const port = Number(process.env.PW_PORT ?? 4173);
const outDir = process.env.PW_OUTDIR ?? 'dist';

export default defineConfig({
  testDir: 'e2e',
  timeout: 60_000,
  retries: 0,
  // CI (a fresh 2-core machine, capped at 15 minutes for everything) runs two spec files at a
  // time; waits on the page get twice the default there, as two pages share the cores. Locally,
  // one at a time beside whatever else the machine runs.
  workers: process.env.CI ? 2 : 1,
  expect: { timeout: process.env.CI ? 10_000 : 5_000 },
  reporter: [['list']],
  use: {
    baseURL: `http://localhost:${port}/`,
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
  },
  webServer: {
    command: `npx vite preview --port ${port} --strictPort --outDir ${outDir}`,
    url: `http://localhost:${port}/`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
