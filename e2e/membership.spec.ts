import { expect, test } from '@playwright/test';
import { command, leaderOf, openPlayground, waitForState } from './helpers';

type WithMembers = { view: { members?: number[]; role: string } | null; id: number; up: boolean };
const members = (nodes: WithMembers[]) => leaderOfMembers(nodes)?.view?.members ?? [];
const leaderOfMembers = (nodes: WithMembers[]) => nodes.find((n) => n.up && n.view?.role === 'leader');

test('+ Server adds a sixth server through the leader, and the inspector removes it again', async ({ page }) => {
  await openPlayground(page);
  await command(page, 'setSpeed', 2);
  // Membership changes wait until the leader has committed an entry of its own term.
  await waitForState(page, (s) => leaderOf(s) !== null && (leaderOf(s)!.view!.commitIndex ?? 0) >= 2);
  await page.getByRole('button', { name: '+ Server' }).click();
  const grown = await waitForState(page, (s) => s.nodes.length === 6 && members(s.nodes as never).length === 6);
  expect(members(grown.nodes as never)).toContain(5);
  await expect(page.getByRole('button', { name: /^S6,/ })).toBeVisible();

  await page.getByRole('button', { name: /^S6,/ }).click();
  await page.getByRole('group', { name: 'Actions on S6' }).getByRole('button', { name: 'Remove from cluster' }).click();
  const shrunk = await waitForState(page, (s) => members(s.nodes as never).length === 5);
  expect(members(shrunk.nodes as never)).not.toContain(5);
});
