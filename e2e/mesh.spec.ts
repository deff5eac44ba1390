import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { scenarioFromFile } from '../engine/scenario/file';
import { encodeScenarioLink } from '../engine/scenario/link';
import { command, waitForState } from './helpers';

/**
 * The mesh in the page: the built-in "the breaker opens" opened from its link just after the
 * checkouts' breakers opened; the service graph says so on the edge, the selected route's state
 * machine lights "open", and a caller's inspector shows the same machine and its outcome strip;
 * then the retry storm's requests as span waterfalls in the Traces tab; the canary slider, strict
 * mTLS with expired certificates, and a throttled retry storm (with deadlines: calls dropped past them).
 * Screenshots: tmp-scratch/mesh-*.png.
 */
const dir = join(process.cwd(), 'public', 'scenarios');

test('mesh-breaker-opens: the edge checkout to payments says its breaker is open, and the state machine lights it; the retry storm\'s request traced hop by hop', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const { scenario } = scenarioFromFile(readFileSync(join(dir, 'mesh-breaker-opens.json'), 'utf8'), 'mesh-breaker-opens.json');
  const link = await encodeScenarioLink(scenario, { atUs: 6_000_000 });
  await page.goto(`./#${link}`);
  await page.waitForFunction(() => 'quorum' in window);
  await waitForState(page, (s) => s.now === 6_000_000 && !s.playing);
  const graph = page.getByRole('region', { name: 'Service graph' });
  await expect(graph).toBeVisible();
  await expect(graph.getByRole('button', { name: /^breaker open, \d+% fail, route checkout to payments(, open on \d of 2 callers)?$/ })).toBeVisible();
  await expect(graph.getByRole('button', { name: /^no breaker, \d+% fail, route client to frontend$/ })).toBeVisible();
  // Choosing the edge opens the route's detail in the panel's Route tab, its whole width.
  await graph.getByRole('button', { name: /^breaker open, .*route checkout to payments/ }).click();
  await expect(page.getByRole('tab', { name: 'Route' })).toHaveAttribute('aria-selected', 'true');
  const route = page.getByRole('region', { name: 'Route checkout to payments' });
  await expect(route.getByRole('list', { name: 'Breaker state machine, now open' })).toBeVisible();
  await expect(route.getByRole('button', { name: 'route checkout to payments' })).toHaveAttribute('aria-pressed', 'true');
  await page.screenshot({ path: 'tmp-scratch/mesh-open.png' });

  await page.getByRole('button', { name: /^CO1, checkout instance/ }).first().click();
  await expect(page.getByRole('heading', { name: 'Its sidecar: route checkout to payments' })).toBeVisible();
  await expect(page.getByRole('img', { name: /^The last \d+ call outcomes/ }).first()).toBeVisible();
  await page.screenshot({ path: 'tmp-scratch/mesh-inspector.png' });

  // Distributed tracing: the retry storm at 8 s, its newest finished request as a span waterfall;
  // the client's request failed after its three attempts, each a bar with its accessible name.
  const { scenario: storm } = scenarioFromFile(readFileSync(join(dir, 'mesh-retry-storm.json'), 'utf8'), 'mesh-retry-storm.json');
  await page.goto(`./#${await encodeScenarioLink(storm, { atUs: 8_000_000 })}`);
  await waitForState(page, (s) => s.now === 8_000_000 && !s.playing);
  await page.getByRole('tab', { name: 'Traces' }).click();
  const traces = page.getByRole('region', { name: 'Traces' });
  await expect(traces.getByRole('combobox', { name: 'Request' })).toHaveValue(/^C1-\d+$/);
  const hop = traces.getByRole('list', { name: /^C1's calls to frontend: failed, 3 attempts$/ });
  await expect(hop).toBeVisible();
  await expect(hop.getByRole('img', { name: /^frontend call attempt 2 from C1 to FE\d, sent at \+\d+ ms, (failed|timed out|overloaded)/ })).toBeVisible();
  await expect(traces.getByRole('img', { name: /^checkout call attempt \d from FE\d to CO\d/ }).first()).toBeVisible();
  await page.screenshot({ path: 'tmp-scratch/mesh-traces.png' });
  // Time travel: back at 6 s the waterfall shows what the run knew then, an older request (the storm is younger).
  const picked = async () => Number((await traces.getByRole('combobox', { name: 'Request' }).inputValue()).replace(/^C1-/, ''));
  const at8 = await picked();
  await command(page, 'seek', 6_000_000);
  await waitForState(page, (s) => s.now === 6_000_000);
  await expect.poll(picked).toBeLessThan(at8);
  await expect(traces.getByRole('option')).toHaveCount(200);
  expect(errors).toEqual([]);
});

test('the canary slider moves the split (stamped into the run), and strict mTLS shows expired certificates', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const open = async (id: string, atUs: number) => {
    const { scenario } = scenarioFromFile(readFileSync(join(dir, `${id}.json`), 'utf8'), `${id}.json`);
    await page.goto(`./#${await encodeScenarioLink(scenario, { atUs })}`);
    await page.waitForFunction(() => 'quorum' in window);
    await waitForState(page, (s) => s.now === atUs && !s.playing);
  };
  // The canary rollout at 2 s (5% to PAY3): the slider sends both checkouts 100%.
  await open('mesh-canary-ejection', 2_000_000);
  const graph = page.getByRole('region', { name: 'Service graph' });
  const slider = graph.getByRole('slider', { name: 'Canary share' });
  await expect(slider).toHaveValue('5');
  await slider.focus();
  await page.keyboard.press('End');
  await expect(graph.getByRole('button', { name: /, route checkout to payments, .*canary 100%/ })).toBeVisible();
  await expect(slider).toHaveValue('100');
  await page.screenshot({ path: 'tmp-scratch/mesh-slider.png' });

  // A certificate expired behind a partition, at 11 s: payments is strict, the checkouts have none valid.
  await open('mesh-mtls-expiry', 11_000_000);
  await expect(graph.getByRole('group', { name: /^payments, strict mTLS:/ })).toBeVisible();
  await expect(graph.getByRole('button', { name: /^CO1, .*no valid certificate/ })).toBeVisible();
  await expect(graph.getByRole('button', { name: /^PAY1, .*certificate valid, \d+ refused/ })).toBeVisible();
  await expect(graph.getByText('Mesh CA CA1:')).toBeVisible();
  await page.screenshot({ path: 'tmp-scratch/mesh-mtls.png' });

  // The retry storm with deadlines and adaptive throttling, at 8.5 s: C1's throttle has rejected attempts.
  await open('mesh-retry-storm-throttle', 8_500_000);
  await page.getByRole('button', { name: /^C1, client/ }).first().click();
  await expect(page.getByText(/adaptive throttling K=2 \(\d+ accepts of \d+ requests\)/).first()).toBeVisible();
  await expect(page.getByText(/\d+ by the throttle/).first()).toBeVisible();
  // Deadline propagation is on: payments' instances count the calls they dropped unstarted.
  await expect(graph.getByRole('button', { name: /^PAY1, .*\d+ dropped past deadline$/ })).toBeVisible();
  await page.screenshot({ path: 'tmp-scratch/mesh-throttle.png' });
  expect(errors).toEqual([]);
});
