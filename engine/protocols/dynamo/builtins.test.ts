import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../kernel/trace';
import { runBuiltin } from '../../scenario/test-support/builtin-run';
import type { DynamoResult } from './types';

/** Dynamo's built-in scenarios (public/scenarios/dynamo-*.json) run clean and show what they are named after. */
function run(file: string) {
  const { trace, summary, observed, runner } = runBuiltin(file);
  expect(summary.violations).toEqual([]);
  const gets = trace
    .filter((e): e is TraceEvent & { kind: 'return' } => e.kind === 'return')
    .map((e) => ({ at: e.at, result: e.result as DynamoResult }))
    .filter((r) => r.result.ok && r.result.kind === 'get');
  return { summary, observed, gets, runner };
}

const values = (r: DynamoResult) => (r.ok && r.kind === 'get' ? r.versions.map((v) => v.value).sort() : []);

describe('dynamo built-in scenarios', () => {
  it('dynamo-healthy: every operation succeeds and every read sees one version', () => {
    const { summary } = run('dynamo-healthy.json');
    expect(summary.stats.failed).toBe(0);
    expect((summary.stats.versionsPerRead as Record<string, number>)['1']).toBeGreaterThan(5);
    expect(summary.stats.oneVersionShare).toBe(1);
  });

  it('dynamo-siblings: the partition makes two versions, a later read returns both, an update reconciles them', () => {
    const { gets, observed } = run('dynamo-siblings.json');
    expect(gets).toHaveLength(2);
    expect(values(gets[0]!.result)).toEqual(['cart: book, lamp', 'cart: book, pen']);
    expect(observed('siblings')).toHaveLength(1);
    expect(values(gets[1]!.result)).toEqual(['cart: book, pen, lamp']);
  });

  it('dynamo-hinted-handoff: S4 stands in for the crashed S1 and hands the writes back after S1 restarts', () => {
    const { observed, gets, runner } = run('dynamo-hinted-handoff.json');
    const hinted = observed('store').filter((e) => (e.data as { hintFor: number | null }).hintFor === 0);
    expect(hinted.length).toBeGreaterThan(0);
    expect(hinted.every((e) => e.at > 1_000_000 && e.at < 5_000_000)).toBe(true);
    const handoffs = observed('handoff');
    expect(handoffs.length).toBeGreaterThan(0);
    expect(handoffs.every((e) => e.at > 5_000_000 && (e.data as { to: number }).to === 0)).toBe(true);
    const s1 = runner.views()[0]!.view!.protocol as { replicas: Record<string, { value: string }[]> };
    expect(s1.replicas['user:1']!.map((v) => v.value)).toEqual(['v3']);
    expect(values(gets[0]!.result)).toEqual(['v3']);
  });

  it('dynamo-node-joins: S5 joins at 3 s, the keys it now replicates are transferred to it and acknowledged, reads stay fresh', () => {
    const { summary, observed, runner } = run('dynamo-node-joins.json');
    expect(observed('join').map((e) => [e.node, e.at])).toEqual([[4, 3_000_000]]);
    const relocated = observed('relocate');
    expect(relocated.length).toBeGreaterThan(0);
    expect(relocated.every((e) => e.at >= 3_000_000 && (e.data as { to: number[] }).to.includes(4))).toBe(true);
    expect(summary.stats.transfers as number).toBeGreaterThan(0);
    expect(summary.stats.staleReads).toBe(0);
    const s5 = runner.views()[4]!.view!.protocol as { replicas: Record<string, unknown[]>; members: number[] };
    expect(Object.keys(s5.replicas).length).toBeGreaterThan(0);
    expect(s5.members).toEqual([0, 1, 2, 3, 4]);
  });

  it('dynamo-quorum-overlap: with R = W = 1 some reads are stale (R + W <= N), with R = W = 2 none are', () => {
    const { summary, gets } = run('dynamo-quorum-overlap.json');
    const by = summary.stats.staleByQuorum as { overlapping: number; partial: number };
    expect(by.partial).toBeGreaterThan(0);
    expect(by.overlapping).toBe(0);
    expect(summary.stats.strictReads as number).toBe(18);
    expect(gets.filter((g) => g.at > 5_000_000)).toHaveLength(18);
  });
});
