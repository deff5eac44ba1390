import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InProcessRunner } from '../../runner/inprocess';
import type { RunSummary } from '../../runner/summary';
import { paxosChaosScenario } from './chaos-scenario';
import { PAXOS_SOMETIMES } from './monitor';

/**
 * Seeded chaotic runs of single-decree Paxos (chaos-scenario.ts): the choice monitor on every
 * event. Seeds come from fast-check and every failure prints its replay.
 *
 *   PAXOS_SEEDS=2000 npx vitest run engine/protocols/paxos/chaos.test.ts   more seeds
 *   PAXOS_SEED=1234 npx vitest run engine/protocols/paxos/chaos.test.ts    replay one seed
 */
const runs = Number(process.env.PAXOS_SEEDS ?? 30);
const replay = process.env.PAXOS_SEED === undefined ? null : Number(process.env.PAXOS_SEED);

function runChaos(seed: number): RunSummary {
  const scenario = paxosChaosScenario(seed);
  return new InProcessRunner(scenario).runUntil(scenario.untilUs).summary();
}

function explain(seed: number, summary: RunSummary): string {
  const v = summary.violations[0]!;
  return `seed ${seed}: ${v.invariant}: ${v.message}\nreplay: PAXOS_SEED=${seed} npx vitest run engine/protocols/paxos/chaos.test.ts`;
}

describe('paxos under a seeded nemesis', () => {
  it(replay === null ? `chooses at most one value, never changes it, and learners learn only it (${runs} seeds)` : `replays seed ${replay}`, () => {
    if (replay !== null) {
      const summary = runChaos(replay);
      console.log(JSON.stringify({ stats: summary.stats, violations: summary.violations }, null, 2));
      expect(summary.violations, summary.violations.length ? explain(replay, summary) : '').toEqual([]);
      return;
    }
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        const summary = runChaos(seed);
        if (summary.violations.length > 0) throw new Error(explain(seed, summary));
      }),
      { numRuns: runs },
    );
  });

  it('each "sometimes" property held in some of seeds 1..30 (the nemesis does not starve the protocol)', () => {
    const held = new Set<string>();
    for (let seed = 1; seed <= 30; seed++) for (const s of runChaos(seed).sometimes ?? []) if (s.held) held.add(s.property);
    expect([...held].sort()).toEqual(PAXOS_SOMETIMES.map((s) => s.property).sort());
  });
});
