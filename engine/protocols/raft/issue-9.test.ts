import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../kernel/trace';
import { InProcessRunner } from '../../runner/inprocess';
import type { RunSummary } from '../../runner/summary';
import { parseScenario, SCENARIO_VERSION, type Scenario } from '../../scenario/schema';

/**
 * Issue 9's reproductions (engine/scenario/fixtures/issue-9-*.json, format 1 as reported),
 * replayed as they were reported (format 1: the first releases' rules, pinned by the
 * migration) and as today's scenarios (version 2: today's defaults).
 */
type Doc = Record<string, unknown> & { protocol: { name: string; config?: Record<string, unknown> } };
const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../scenario/fixtures/issue-9-${name}.json`, import.meta.url), 'utf8')) as Doc;

/** The reported scenario with today's defaults, plus `config` on top. */
const today = (doc: Doc, config: Record<string, unknown> = {}) => ({
  ...doc,
  version: SCENARIO_VERSION,
  protocol: { ...doc.protocol, config: { ...doc.protocol.config, ...config } },
});

function run(doc: unknown): { scenario: Scenario; summary: RunSummary; observed: (what: string) => Extract<TraceEvent, { kind: 'observe' }>[] } {
  const scenario = parseScenario(doc);
  const trace: TraceEvent[] = [];
  const summary = new InProcessRunner(scenario, { sink: (e) => trace.push(e) }).runUntil(scenario.untilUs).summary();
  const observed = (what: string) =>
    trace.filter((e): e is Extract<TraceEvent, { kind: 'observe' }> => e.kind === 'observe' && e.what === what);
  return { scenario, summary, observed };
}

const invariants = (summary: RunSummary) => summary.violations.map((v) => v.invariant);

describe('issue 9: the deadlock after a leader appends its own removal', () => {
  // S1 removes S3 ([S1,S2] commits), is partitioned from S2 and S3, appends [S2] and steps down
  // by check-quorum; the partition heals at 3 s.
  const deadlock = fixture('deadlock');

  it('today: the removed leader campaigns, commits its removal, and S2 leads and commits', () => {
    const { scenario, summary, observed } = run(today(deadlock));
    expect(summary.violations).toEqual([]);
    const healed = scenario.healedAtUs!;
    const leadersAfterHeal = observed('leader').filter((e) => e.at >= healed);
    // S1, outside its own latest configuration, wins with S2's vote (thesis §4.2.2) ...
    expect(leadersAfterHeal[0]).toMatchObject({ node: 0 });
    // ... and S2, alone in [S2] once that commits, leads from then on.
    expect(leadersAfterHeal.at(-1)).toMatchObject({ node: 1 });
    expect(summary.stats).toMatchObject({ leaderAtEnd: 1 });
    expect(summary.stats.committedAfterHeal as number).toBeGreaterThan(100);
  });

  it('with thesisMembership off (and as reported, format 1) it still deadlocks, and liveness says so', () => {
    for (const doc of [today(deadlock, { thesisMembership: false }), deadlock]) {
      const { scenario, summary, observed } = run(doc);
      expect(observed('leader').filter((e) => e.at >= scenario.healedAtUs!)).toEqual([]);
      expect(invariants(summary)).toEqual(['Liveness: leader after heal', 'Liveness: progress after heal']);
    }
  });
});

describe('issue 9: false alarms of the monitor', () => {
  it('a leader of a stale term, elected late by a delayed vote, is legal (Figure 3)', () => {
    const reported = fixture('falsecompl');
    for (const doc of [reported, today(reported)]) {
      const { summary, observed } = run(doc);
      expect(summary.violations).toEqual([]);
      // Entry 1 was committed in term 2 before S3 became leader of term 1 without it.
      const commitTerm2 = observed('commit').find((e) => (e.data as { term: number }).term === 2)!;
      const staleLeader = observed('leader').find((e) => e.node === 2)!;
      expect(staleLeader.data).toEqual({ term: 1 });
      expect(staleLeader.at).toBeGreaterThan(commitTerm2.at);
    }
  });

  it('a removed server that never learned of its removal does not count for liveness', () => {
    const reported = fixture('falselive');
    for (const doc of [reported, today(reported)]) {
      const { summary, observed } = run(doc);
      expect(summary.violations).toEqual([]);
      expect(summary.stats.committedAfterHeal as number).toBeGreaterThan(500);
      // S3 sits in a term above the leader's, which the members of [S1,S2] never join.
      const lastTerm = (node: number) => observed('term').filter((e) => e.node === node).at(-1)!.data as { term: number };
      const leader = summary.stats.leaderAtEnd as number;
      expect(lastTerm(2).term).toBeGreaterThan(lastTerm(leader).term);
    }
  });
});
