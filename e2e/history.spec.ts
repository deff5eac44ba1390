import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { encodeScenarioLink } from '../engine/scenario/link';
import { withNemesis } from '../engine/scenario/nemesis';
import { parseScenario, type Scenario } from '../engine/scenario/schema';
import { command, openPlayground, waitForState } from './helpers';

/**
 * The client history panel, in the bottom row's second tab: bars per node, the checker's verdict
 * (run in the coordinator's worker), and what cannot be ordered marked in red.
 */
const raft = (seed: number, config: Record<string, unknown>): Scenario =>
  parseScenario({ version: 2, seed, protocol: { name: 'raft', config }, nodes: 5, network: { latencyUs: { min: 10_000, max: 15_000 } }, untilUs: 60_000_000 });

async function openAt(page: Page, scenario: Scenario, atUs: number) {
  const link = await encodeScenarioLink(scenario, { atUs });
  const errors = await openPlayground(page, `seed=1#${link}`);
  await waitForState(page, (s) => s.now === atUs);
  await page.getByRole('tab', { name: 'Client history' }).click();
  return errors;
}

test.use({ viewport: { width: 1280, height: 720 } });

/**
 * axe-core's WCAG 2.x A and AA rules, as e2e/a11y.spec.ts audits the page, over the bottom tabs
 * and the inspector (Raft's log table has a contrast problem of its own at high terms).
 */
async function audit(page: Page, what: string) {
  const results = await new AxeBuilder({ page }).include('.diagram-tabs').include('.inspector').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const report = results.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 4).map((n) => n.target.join(' ')).join('\n    ')}`);
  expect(report, `${what}: accessibility violations`).toEqual([]);
}

test('draws reads and writes per node and says the history so far is linearizable', async ({ page }) => {
  const errors = await openAt(page, raft(42, { readFraction: 0.3 }), 2_000_000);
  const panel = page.getByRole('region', { name: 'Client history' });
  await expect(panel.getByRole('status')).toContainText('Linearizable', { timeout: 20_000 });
  await expect(panel.locator('.history-svg .history-bar--read').first()).toBeVisible();
  await expect(panel.locator('.history-svg .history-bar--write').first()).toBeVisible();
  await expect(panel.locator('.history-lane-name')).toHaveText(['S1', 'S2', 'S3', 'S4', 'S5']);
  await page.screenshot({ path: 'tmp-scratch/history-linearizable.png' });
  // The key says what each shape means.
  await panel.getByRole('button', { name: 'Key' }).click();
  await expect(panel.getByRole('list', { name: 'Legend' })).toContainText('cannot be ordered');
  await page.screenshot({ path: 'tmp-scratch/history-key.png' });
  await panel.getByRole('button', { name: 'Key' }).click();
  // A bar opens in the inspector with its key and value.
  await panel.locator('.history-svg .history-bar--read').last().click();
  await expect(page.getByRole('region', { name: 'Inspector' })).toContainText('Read of key x');
  // Back to the messages: the space-time diagram is still there.
  await page.getByRole('tab', { name: 'Messages' }).click();
  await expect(page.getByRole('region', { name: 'Space-time diagram' })).toBeVisible();
  expect(errors).toEqual([]);
});

test('marks the stale read the checker cannot order, and forgets it when time goes back before it', async ({ page }) => {
  // Steering seed 34 with 30% reads, without readAcksThisTermOnly (as format-1 links run): a
  // leader answers a read with a value a newer leader overwrote, at 16.63–16.67 s.
  const scenario = withNemesis(raft(34, { readFraction: 0.3, readAcksThisTermOnly: false }), 'steering');
  const errors = await openAt(page, scenario, 16_700_000);
  const panel = page.getByRole('region', { name: 'Client history' });
    await expect(panel.getByRole('status')).toContainText('Not linearizable: 2 operations cannot be ordered', { timeout: 20_000 });
  await expect(panel.locator('.history-svg .history-bar--marked')).toHaveCount(2);
  await expect(panel.locator('.history-bar--marked title').first()).toContainText(/cannot be ordered|part of the history that cannot be ordered/);
  await page.screenshot({ path: 'tmp-scratch/history-violation.png' });
  await audit(page, 'the history panel with a violation');
  await panel.locator('.history-svg .history-bar--marked').first().click();
  await expect(page.getByRole('region', { name: 'Inspector' })).toContainText('✗');
  await page.screenshot({ path: 'tmp-scratch/history-inspector.png' });
  await audit(page, 'an operation in the inspector');
  // The keyboard reaches the operations: arrow keys move a cursor, Enter opens one.
  await panel.getByRole('group', { name: /^Operations of the last/ }).focus();
  await page.keyboard.press('End');
  await expect(panel.locator('.history-cursor')).toContainText(/^S\d: /);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('region', { name: 'Inspector' })).toContainText(/operation \d+/);
  // Back before the stale read: the history up to then is linearizable.
  await command(page, 'seek', 16_500_000);
  await expect(panel.getByRole('status')).toContainText('Linearizable', { timeout: 20_000 });
  await expect(panel.locator('.history-svg .history-bar--marked')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('works for any protocol: the heartbeat mesh, whose page runs no client load, shows an empty history', async ({ page }) => {
  const errors = await openPlayground(page, 'protocol=ping&seed=3');
  await command(page, 'setSpeed', 1);
  await waitForState(page, (s) => s.now > 400_000);
  await page.getByRole('tab', { name: 'Client history' }).click();
  const panel = page.getByRole('region', { name: 'Client history' });
  await expect(panel.getByText('No client operation yet')).toBeVisible();
  await expect(panel.getByRole('status')).toContainText('Linearizable: 0 reads and writes', { timeout: 20_000 });
  await command(page, 'pause');
  await page.screenshot({ path: 'tmp-scratch/history-ping.png' });
  expect(errors).toEqual([]);
});
