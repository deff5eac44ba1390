import { describe, expect, it } from 'vitest';
import { runBuiltin as run } from '../../scenario/test-support/builtin-run';
import { AGREEMENT } from './monitor';

/**
 * PBFT's built-in scenarios (public/scenarios/pbft-*.json) show what they are named after. Each
 * check reads the in-process trace, which is the page's worker trace for the same scenario.
 */
const dataOf = (e: { data: unknown }) => e.data as Record<string, number>;

describe("PBFT's built-in scenarios", () => {
  it('pbft-equivocating-primary: one liar among four stalls its view; a view change to R2 restores progress, and agreement holds', () => {
    const r = run('pbft-equivocating-primary.json');
    expect(r.summary.violations).toEqual([]);
    const newViews = r.observed('new-view');
    expect(newViews.length).toBeGreaterThan(0);
    expect(dataOf(newViews[0]!).view).toBe(1);
    expect(dataOf(newViews[0]!).primary).toBe(1);
    // Requests complete after the view change as before it.
    const accepted = r.observed('accepted');
    expect(accepted.some((e) => e.at > newViews[0]!.at)).toBe(true);
    expect(accepted.some((e) => e.at < 1_500_000)).toBe(true);
  });

  it('pbft-why-3f-plus-1: with three replicas one liar makes two correct replicas commit different requests', () => {
    const r = run('pbft-why-3f-plus-1.json');
    const v = r.summary.violations[0]!;
    expect(v.invariant).toBe(AGREEMENT);
    expect(v.message).toMatch(/R[23] committed .* but R[23] committed/);
    expect(v.message).toContain('byzantine: R1');
    expect(v.event!.at).toBeGreaterThan(1_500_000);
  });

  it('pbft-two-liars: f + 1 = 2 liars among four replicas break agreement, and the monitor names R3 and R4', () => {
    const r = run('pbft-two-liars.json');
    const v = r.summary.violations[0]!;
    expect(v.invariant).toBe(AGREEMENT);
    expect(v.message).toMatch(/R[34] committed .* but R[34] committed/);
    expect(v.message).toContain('byzantine: R1, R2');
  });
});
