import { expect, test } from '@playwright/test';
import { openScenarioAt } from './helpers';

/**
 * Paxos and Multi-Paxos in the page: each built-in scenario opened as a link at its key moment,
 * with the hash Node computes, and what the page then says (screenshots: tmp-scratch/paxos-*.png).
 */

test('duelling proposers: nothing learned during the duel, a value learned soon after the cure', async ({ page }) => {
  await openScenarioAt(page, 'paxos-duelling.json', 1_500_000, { checkHash: true });
  const table = page.getByRole('region', { name: 'Acceptors, proposers and learners', exact: true });
  await expect(table).toBeVisible();
  await expect(page.getByRole('button', { name: /^S1, proposer .*learned nothing yet$/ })).toBeVisible();
  await page.screenshot({ path: 'tmp-scratch/paxos-duel.png' });
  await openScenarioAt(page, 'paxos-duelling.json', 2_200_000, { checkHash: true });
  await expect(page.getByRole('button', { name: /^S1, .*learned \d+$/ })).toBeVisible();
  await expect(page.getByRole('button', { name: /^S2, .*learned \d+$/ })).toBeVisible();
  await expect(table).toContainText('★');
  await page.screenshot({ path: 'tmp-scratch/paxos-cured.png' });
  // The ballot timeline: after the duel's pre-emptions, exactly one ballot chosen.
  await page.getByRole('tab', { name: 'Ballot timeline' }).click();
  await expect(page.getByRole('region', { name: 'Ballot timeline' }).getByRole('img', { name: /^S\d ballot \d+\.S\d: chosen/ })).toHaveCount(1);
  await page.screenshot({ path: 'tmp-scratch/paxos-ballots-cured.png' });
});

test('multi-paxos leader crash: S4 leads after S5 crashes, the log shows the no-op in slot 14, the ballot timeline both ballots', async ({ page }) => {
  await openScenarioAt(page, 'multi-paxos-leader-crash.json', 3_400_000, { checkHash: true });
  await expect(page.getByRole('button', { name: /^S4, leader, ballot 2\.S4/ })).toBeVisible();
  await expect(page.getByRole('button', { name: /^S5, crashed/ })).toBeVisible();
  const log = page.getByRole('region', { name: 'Replicated log', exact: true });
  await expect(log).toContainText('no-op');
  await page.screenshot({ path: 'tmp-scratch/paxos-multi-crash.png' });
  // The ballot timeline: S5's ballot given up at its crash after its slots were chosen, S4's leading since.
  await page.getByRole('tab', { name: 'Ballot timeline' }).click();
  const ballots = page.getByRole('region', { name: 'Ballot timeline' });
  await expect(ballots.getByRole('img', { name: /^S5 ballot 1\.S5: given up at 3\.\d+ s, after 15 slots chosen/ })).toHaveCount(1);
  await expect(ballots.getByRole('img', { name: /^S4 ballot 2\.S4: leading since 3\.\d+ s, \d+ slots chosen; promised by S4, S2, S3, S1/ })).toHaveCount(1);
  await expect(ballots).toContainText('Promised now: 2.S4 by S1, S2, S3, S4; 1.S5 by S5.');
  await page.screenshot({ path: 'tmp-scratch/paxos-multi-ballots.png' });
  await page.getByRole('button', { name: 'Presenter mode' }).click();
  await page.screenshot({ path: 'tmp-scratch/paxos-multi-ballots-presenter.png' });
});
