import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../kernel/trace';
import { InProcessRunner } from '../../runner/inprocess';
import { parseScenario } from '../../scenario/schema';

/**
 * The balancer's built-in scenarios (public/scenarios/balancer-*.json) show what they are named
 * after. Each check reads the in-process run, which is the page's worker run for the same scenario.
 */
const dir = join(__dirname, '..', '..', '..', 'public', 'scenarios');

interface AlgoStats {
  requests: number;
  errors: number;
  p50Ms: number;
  p99Ms: number;
}

function run(file: string) {
  const scenario = parseScenario(JSON.parse(readFileSync(join(dir, file), 'utf8')));
  const trace: TraceEvent[] = [];
  const runner = new InProcessRunner(scenario, { sink: (e) => trace.push(e) });
  runner.runUntil(scenario.untilUs);
  const summary = runner.summary();
  expect(summary.violations).toEqual([]);
  const stats = summary.stats as { algorithms: Record<string, AlgoStats>; servers: Record<string, { maxQueue: number; served: number }>; ejections: number };
  return { trace, stats };
}

const forwardsTo = (trace: TraceEvent[], server: number, from: number, to: number) =>
  trace.filter((e) => e.kind === 'send' && e.msg.type === 'Forward' && e.to === server && e.at >= from && e.at < to);

describe("the balancer's built-in scenarios", () => {
  it('balancer-slow-server: two choices sends the slow S2 fewer requests, and its p99 is well under round robin\'s', () => {
    const { trace, stats } = run('balancer-slow-server.json');
    const rr = stats.algorithms['round-robin']!;
    const p2c = stats.algorithms['two-choices']!;
    expect(p2c.p99Ms * 1.5).toBeLessThan(rr.p99Ms);
    // After S2 turns slow at 3 s: round robin (B1, node 4) keeps a quarter of its forwards on S2; two choices (B2, node 5) far fewer.
    const share = (b: number) => forwardsTo(trace, 1, 3_000_000, 20_000_000).filter((e) => e.node === b).length /
      trace.filter((e) => e.kind === 'send' && e.msg.type === 'Forward' && e.node === b && e.at >= 3_000_000).length;
    expect(share(4)).toBeGreaterThan(0.22);
    expect(share(5)).toBeLessThan(0.15);
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
