import { describe, expect, it } from 'vitest';
import { InProcessRunner } from '../../runner/inprocess';
import type { RunSummary } from '../../runner/summary';
import { defaultScenario } from '../../scenario/schema';
import { raftChaosScenario } from './chaos-scenario';
import { RAFT_SOMETIMES } from './monitor';

/**
 * Raft's "sometimes" properties (monitor.ts RAFT_SOMETIMES): reported in every run's summary,
 * held or not seen, and never a violation. Coverage: over a sweep of chaotic seeds each must
 * hold in at least one (a nemesis that starved every run of a leader would fail here, not pass
 * the safety checks vacuously).
 */
const run = (scenario: ReturnType<typeof defaultScenario>): RunSummary => new InProcessRunner(scenario).runUntil(scenario.untilUs).summary();
const SEEDS = Array.from({ length: 12 }, (_, i) => 1000 + i);

describe('raft sometimes properties', () => {
  it('a calm run reports each as held, with the first time it held', () => {
    const summary = run(defaultScenario({ protocol: 'raft', nodes: 3, seed: 7, untilUs: 2_000_000 }));
    expect(summary.sometimes.map((p) => p.property)).toEqual(RAFT_SOMETIMES.map((c) => c.property));
    for (const p of summary.sometimes) {
      expect(p.held, p.property).toBe(true);
      expect(p.firstAtUs).toBeGreaterThan(0);
    }
    const [leader, commit] = summary.sometimes;
    // An entry commits only after someone leads.
    expect(commit!.firstAtUs!).toBeGreaterThan(leader!.firstAtUs!);
  });

  it('a run whose every server is crashed at once reports them not seen, and is no violation', () => {
    const base = defaultScenario({ protocol: 'raft', nodes: 3, seed: 7, untilUs: 1_000_000 });
    const scenario = { ...base, timeline: [0, 1, 2].map((node) => ({ at: 1, action: { kind: 'crash' as const, node } })) };
    const summary = run(scenario);
    expect(summary.violations).toEqual([]);
    expect(summary.sometimes).toEqual(RAFT_SOMETIMES.map((c) => ({ property: c.property, held: false })));
  });

  it(`each held in at least one of ${SEEDS.length} chaotic seeds (coverage)`, () => {
    const heldIn = new Map<string, number[]>(RAFT_SOMETIMES.map((c) => [c.property, []]));
    for (const seed of SEEDS) {
      for (const p of run(raftChaosScenario(seed)).sometimes) if (p.held) heldIn.get(p.property)!.push(seed);
    }
    for (const [property, seeds] of heldIn) expect(seeds.length, `"${property}" held in no seed of ${SEEDS.join(', ')}`).toBeGreaterThan(0);
  });
});
