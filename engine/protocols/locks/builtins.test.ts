import { describe, expect, it } from 'vitest';
import { readBuiltin as read, runBuiltin as run } from '../../scenario/test-support/builtin-run';
import { C1, C2, consensusLeaderCrash, L2, redlockPausedHolder, redlockPausedHolderFenced, RESUME_AT_US } from './scenarios';

/**
 * The built-in scenarios (public/scenarios/locks-*.json) are scenarios.ts written out, and each
 * shows what it is named after. The in-process trace is the page's worker trace.
 */
describe("locks' built-in scenarios", () => {
  it('the files are scenarios.ts written out', () => {
    expect(read('locks-redlock-paused-holder.json')).toEqual(redlockPausedHolder());
    expect(read('locks-redlock-paused-holder-fenced.json')).toEqual(redlockPausedHolderFenced());
    expect(read('locks-consensus-leader-crash.json')).toEqual(consensusLeaderCrash());
  });

  it('redlock-paused-holder: C1 wakes after C2 took the lock and wrote; the storage accepts its token 1, and the monitor names both holders', () => {
    const r = run('locks-redlock-paused-holder.json');
    const acquired = r.observed('acquired');
    expect(acquired[0]!.node).toBe(C1);
    const c2 = acquired.find((e) => e.node === C2)!;
    // C2 holds only after C1's lease ran out by the arithmetic: the lease service did its job.
    expect(c2.at).toBeGreaterThan(acquired[0]!.data!.validUntilUs as number);
    expect(r.summary.violations).toHaveLength(1);
    const v = r.summary.violations[0]!;
    expect(v.invariant).toBe('Mutual exclusion at the storage');
    expect(v.message).toMatch(/two holders, C1 and C2/);
    expect(v.event!.at).toBeGreaterThanOrEqual(RESUME_AT_US);
  });

  it('redlock-paused-holder-fenced: the storage refuses C1\'s token 1 after token 2, and C1 learns it lost the lock', () => {
    const r = run('locks-redlock-paused-holder-fenced.json');
    expect(r.summary.violations).toEqual([]);
    const refused = r.observed('writeRefused');
    expect(refused).toHaveLength(1);
    expect(refused[0]!.data).toMatchObject({ client: C1, token: 1, highest: 2 });
    expect(r.observed('fenced')[0]!.node).toBe(C1);
    expect(r.summary.stats).toMatchObject({ staleWritesRefused: 1, unsafeWritesAccepted: 0 });
  });

  it('consensus-leader-crash: a new leader keeps the lease, grants C2 a higher token after it runs out, and C1\'s late write is refused', () => {
    const r = run('locks-consensus-leader-crash.json');
    expect(r.summary.violations).toEqual([]);
    const leaders = r.observed('leader');
    expect(leaders[0]!.node).toBe(L2);
    expect(leaders.length).toBeGreaterThanOrEqual(2);
    const c1 = r.observed('acquired').find((e) => e.node === C1)!;
    const c2 = r.observed('acquired').find((e) => e.node === C2)!;
    expect(c2.at).toBeGreaterThan(c1.data!.validUntilUs as number);
    expect(c2.data!.token as number).toBeGreaterThan(c1.data!.token as number);
    expect(r.observed('writeRefused')[0]!.data).toMatchObject({ client: C1, token: c1.data!.token });
  });
});
