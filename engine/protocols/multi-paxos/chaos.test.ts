import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InProcessRunner } from '../../runner/inprocess';
import type { RunSummary } from '../../runner/summary';
import { multiPaxosChaosScenario } from './chaos-scenario';
import { MULTI_PAXOS_SOMETIMES } from './monitor';

/**
 * Seeded chaotic runs of Multi-Paxos (chaos-scenario.ts): the choice monitor on every event, the
 * clients' history judged linearizable at the end.
 * Seeds come from fast-check and every failure prints its replay.
 *
 *   MULTI_PAXOS_SEEDS=2000 npx vitest run engine/protocols/multi-paxos/chaos.test.ts   more seeds
 *   MULTI_PAXOS_SEED=1234 npx vitest run engine/protocols/multi-paxos/chaos.test.ts    replay one seed
 */
const runs = Number(process.env.MULTI_PAXOS_SEEDS ?? 12);
const replay = process.env.MULTI_PAXOS_SEED === undefined ? null : Number(process.env.MULTI_PAXOS_SEED);

function runChaos(seed: number): RunSummary {
  const scenario = multiPaxosChaosScenario(seed);
  return new InProcessRunner(scenario).runUntil(scenario.untilUs).summary();
}

function explain(seed: number, summary: RunSummary): string {
  const v = summary.violations[0]!;
  return `seed ${seed}: ${v.invariant}: ${v.message}\nreplay: MULTI_PAXOS_SEED=${seed} npx vitest run engine/protocols/multi-paxos/chaos.test.ts`;
}

describe('multi-paxos under a seeded nemesis', () => {
  it(replay === null ? `keeps one value per slot, learners learn only chosen values, and its store is linearizable (${runs} seeds)` : `replays seed ${replay}`, () => {
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
    expect([...held].sort()).toEqual(MULTI_PAXOS_SOMETIMES.map((s) => s.property).sort());
  });
});
