import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../kernel/trace';
import { InProcessRunner } from '../../runner/inprocess';
import { parseScenario } from '../../scenario/schema';
import type { DynamoResult } from './types';

/** Dynamo's built-in scenarios (public/scenarios/dynamo-*.json) run clean and show what they are named after. */
const dir = join(__dirname, '..', '..', '..', 'public', 'scenarios');

function run(file: string) {
  const scenario = parseScenario(JSON.parse(readFileSync(join(dir, file), 'utf8')));
  const trace: TraceEvent[] = [];
  const runner = new InProcessRunner(scenario, { sink: (e) => trace.push(e) });
  const summary = runner.runUntil(scenario.untilUs).summary();
  expect(summary.violations).toEqual([]);
  const observed = (what: string) => trace.filter((e): e is TraceEvent & { kind: 'observe' } => e.kind === 'observe' && e.what === what);
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
});
