import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../kernel/trace';
import { InProcessRunner } from '../../runner/inprocess';
import { parseScenario } from '../../scenario/schema';

/**
 * Multi-leader's built-in scenarios (public/scenarios/multi-leader-*.json) show what they are
 * named after, and end converged with no invariant broken. Each check reads the in-process trace,
 * which is the page's worker trace for the same scenario.
 */
const dir = join(__dirname, '..', '..', '..', 'public', 'scenarios');

type Reg = { key: string; lww: { value: number } | null; siblings: { value: number }[] };
interface View {
  registers: Reg[];
  counter: { value: number; p: Record<string, number> };
  cart: string[];
}

function run(file: string) {
  const scenario = parseScenario(JSON.parse(readFileSync(join(dir, file), 'utf8')));
  const trace: TraceEvent[] = [];
  const runner = new InProcessRunner(scenario, { sink: (e) => trace.push(e) });
  const at = (t: number) => {
    runner.runUntil(t);
    return runner.views().map((v) => (v.view ? (v.view.protocol as unknown as View) : null));
  };
  const end = () => at(scenario.untilUs);
  const observed = (what: string) => trace.filter((e): e is Extract<TraceEvent, { kind: 'observe' }> => e.kind === 'observe' && e.what === what);
  return { scenario, runner, end, at, observed };
}

const k1 = (v: View | null) => v!.registers.find((r) => r.key === 'k1')!;

describe("multi-leader's built-in scenarios", () => {
  it('multi-leader-clock-skew: L2 writes after seeing L1, and LWW keeps L1 (its clock is 800 ms fast) while siblings keep L2', () => {
    const r = run('multi-leader-clock-skew.json');
    const mid = r.at(2_000_000);
    for (const v of mid) {
      expect(k1(v).lww!.value).toBe(1);
      expect(k1(v).siblings.map((s) => s.value)).toEqual([2]);
    }
    const lost = r.observed('lost');
    expect(lost[0]!.data).toMatchObject({ key: 'k1', value: 2, writer: 1, byValue: 1, byWriter: 0, cause: 'stale' });
    expect(lost[0]!.at).toBe(1_500_000);
    const end = r.end();
    for (const v of end) expect(k1(v).lww!.value).toBe(3);
    const summary = r.runner.summary();
    expect(summary.violations).toEqual([]);
    expect(summary.stats).toMatchObject({ lwwLostWrites: 1, lwwLostStale: 1, convergenceJudged: true });
  });

  it('multi-leader-partition-siblings: after the heal k1 holds 10 and 20 as siblings, LWW keeps 20, and L3 resolves them', () => {
    const r = run('multi-leader-partition-siblings.json');
    const healed = r.at(6_000_000);
    for (const v of healed) {
      expect(k1(v).siblings.map((s) => s.value)).toEqual([10, 20]);
      expect(k1(v).lww!.value).toBe(20);
    }
    expect(r.observed('lost').map((e) => e.data!.value)).toContain(10);
    const end = r.end();
    for (const v of end) expect(k1(v).siblings.map((s) => s.value)).toEqual([30]);
    const summary = r.runner.summary();
    expect(summary.violations).toEqual([]);
    expect(summary.stats).toMatchObject({ maxSiblings: 2, siblingsResolved: 1, convergenceJudged: true, lwwLostConcurrent: 1 });
  });

  it('multi-leader-crdt-counter: the sides differ during the partition, then every leader counts 5 and keeps apple', () => {
    const r = run('multi-leader-crdt-counter.json');
    const apart = r.at(3_000_000);
    // Each side counts 3, from different increments: the states differ, the values happen to agree.
    expect(apart.map((v) => v!.counter.value)).toEqual([3, 3, 3]);
    expect(apart[0]!.counter.p).not.toEqual(apart[1]!.counter.p);
    expect(apart.map((v) => v!.cart)).toEqual([['apple', 'bread'], [], []]);
    const end = r.end();
    for (const v of end) {
      expect(v!.counter.value).toBe(5);
      expect(v!.cart).toEqual(['apple', 'bread']);
    }
    const summary = r.runner.summary();
    expect(summary.violations).toEqual([]);
    expect(summary.stats).toMatchObject({ acknowledgedIncrements: 5, converged: true, convergenceJudged: true });
  });
});
