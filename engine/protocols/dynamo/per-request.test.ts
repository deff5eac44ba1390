import { describe, expect, it } from 'vitest';
import { InProcessRunner } from '../../runner/inprocess';
import { defaultScenario, type Scenario } from '../../scenario/schema';
import type { TraceEvent } from '../../kernel/trace';

/**
 * Per-request R and W (the "changed per request"; §4.5 makes them the store's knobs): a
 * command may carry its own `r`/`w`, 1..N, defaulting to the store's. The monitor holds a get of R
 * to the freshness promise for the puts of W with R + W > N, and counts stale reads apart by the
 * request's R + W against N.
 */
function run(quorum: { r?: number; w?: number }, extra: Scenario['timeline'] = []) {
  const timeline: Scenario['timeline'] = [];
  for (let i = 0; i < 120; i++) {
    const at = 200_000 + i * 25_000;
    const command = i % 2 === 0 ? { type: 'update', key: 'user:1', value: `v${i}`, ...(quorum.w ? { w: quorum.w } : {}), ...(quorum.r ? { r: quorum.r } : {}) } : { type: 'get', key: 'user:1', ...(quorum.r ? { r: quorum.r } : {}) };
    timeline.push({ at, action: { kind: 'command', node: (i * 3) % 5, command } });
  }
  const scenario: Scenario = {
    ...defaultScenario({
      protocol: 'dynamo',
      nodes: 5,
      seed: 11,
      untilUs: 4_000_000,
      config: { preset: '3-1-1', sloppy: false, readRepair: false, antiEntropyIntervalMs: 0 },
      network: { latencyUs: { min: 1_000, max: 40_000 } },
      workload: { kind: 'none' },
    }),
    timeline: [...timeline, ...extra].sort((a, b) => a.at - b.at),
  };
  const trace: TraceEvent[] = [];
  const summary = new InProcessRunner(scenario, { sink: (e) => trace.push(e) }).runUntil(scenario.untilUs).summary();
  return { summary, trace };
}

describe('dynamo per-request R and W', () => {
  it("the store's (3, 1, 1): stale reads happen, all counted as R + W <= N", () => {
    const { summary } = run({});
    expect(summary.violations).toEqual([]);
    const by = summary.stats.staleByQuorum as { overlapping: number; partial: number };
    console.log('(3,1,1) stale reads:', summary.stats.staleReads, by);
    expect(by.partial).toBeGreaterThan(0);
    expect(by.overlapping).toBe(0);
    expect(summary.stats.strictReads).toBe(0);
  });

  it('the same requests with their own R = 2, W = 2 on a (3, 1, 1) store: checked strict, never stale', () => {
    const { summary } = run({ r: 2, w: 2 });
    expect(summary.violations).toEqual([]);
    expect(summary.stats.staleReads).toBe(0);
    expect(summary.stats.strictReads as number).toBeGreaterThan(40);
  });

  it('an R or W outside 1..N is refused with an error naming it', () => {
    const { trace } = run({}, [
      { at: 100_000, action: { kind: 'command', node: 0, command: { type: 'get', key: 'user:2', r: 4 } } },
      { at: 100_000, action: { kind: 'command', node: 0, command: { type: 'update', key: 'user:2', value: 'x', w: 0 } } },
    ]);
    const errors = trace.filter((e) => e.kind === 'return' && e.at < 150_000).map((e) => (e as { result: { error?: string } }).result.error);
    expect(errors).toEqual(['r must be a whole number from 1 to N (3)', 'w must be a whole number from 1 to N (3)']);
  });
});
