import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../kernel/trace';
import { runBuiltin } from '../../scenario/test-support/builtin-run';

/**
 * The balancer's built-in scenarios (public/scenarios/balancer-*.json) show what they are named
 * after. Each check reads the in-process run, which is the page's worker run for the same scenario.
 */
interface AlgoStats {
  requests: number;
  errors: number;
  p50Ms: number;
  p99Ms: number;
}

function run(file: string) {
  const { trace, summary } = runBuiltin(file);
  expect(summary.violations).toEqual([]);
  const stats = summary.stats as { algorithms: Record<string, AlgoStats>; servers: Record<string, { maxQueue: number; served: number }>; ejections: number };
  return { trace, stats };
}

const forwardsTo = (trace: TraceEvent[], server: number, from: number, to: number) =>
  trace.filter((e) => e.kind === 'send' && e.msg.type === 'Forward' && e.to === server && e.at >= from && e.at < to);

describe("the balancer's built-in scenarios", () => {
  it("balancer-slow-server: two choices sends its slow S6 fewer requests than round robin sends its slow S2, and its p99 is well under round robin's", () => {
    const { trace, stats } = run('balancer-slow-server.json');
    const rr = stats.algorithms['round-robin']!;
    const p2c = stats.algorithms['two-choices']!;
    expect(p2c.p99Ms * 2.5).toBeLessThan(rr.p99Ms);
    // After S2 and S6 turn slow at 3 s: round robin (B1, node 8) keeps a quarter of its forwards on S2; two choices (B2, node 9) far fewer on S6.
    const share = (b: number, server: number) =>
      forwardsTo(trace, server, 3_000_000, 20_000_000).filter((e) => e.node === b).length /
      trace.filter((e) => e.kind === 'send' && e.msg.type === 'Forward' && e.node === b && e.at >= 3_000_000).length;
    expect(share(8, 1)).toBeGreaterThan(0.22);
    expect(share(9, 5)).toBeLessThan(share(8, 1) * 0.8);
    // Split pools: each balancer only ever sent to its own four servers.
    expect(trace.every((e) => !(e.kind === 'send' && e.msg.type === 'Forward') || (e.node === 8 ? e.to < 4 : e.to >= 4 && e.to < 8))).toBe(true);
  });

  it('balancer-dead-server: the balancers eject the crashed S3, send it nothing while it is out, and use it again after its restart', () => {
    const { trace, stats } = run('balancer-dead-server.json');
    const ejects = trace.filter((e): e is Extract<TraceEvent, { kind: 'observe' }> => e.kind === 'observe' && e.what === 'eject');
    expect(ejects.length).toBeGreaterThanOrEqual(2);
    expect(ejects.every((e) => (e.data as { server: number }).server === 2 && e.at > 3_000_000 && e.at < 9_500_000)).toBe(true);
    // Round robin (B1) meets three timeouts in a row within a second; least outstanding (B2) sends S3
    // a request only when its earlier ones have timed out, so its three failures take longer.
    expect(ejects.find((e) => e.node === 4)!.at).toBeLessThan(4_000_000);
    expect(ejects.some((e) => e.node === 5)).toBe(true);
    // After its restart S3 serves again.
    expect(trace.some((e) => e.kind === 'send' && e.node === 2 && e.msg.type === 'Reply' && e.at > 10_000_000)).toBe(true);
    expect(stats.algorithms['round-robin']!.errors).toBeGreaterThan(0);
  });

  it('balancer-peak-ewma: peak EWMA keeps its p99 well under least outstanding and two choices', () => {
    const { stats } = run('balancer-peak-ewma.json');
    const ewma = stats.algorithms['peak-ewma']!.p99Ms;
    expect(ewma * 1.4).toBeLessThan(stats.algorithms['two-choices']!.p99Ms);
    expect(ewma * 1.4).toBeLessThan(stats.algorithms['least-outstanding']!.p99Ms);
  });
});
