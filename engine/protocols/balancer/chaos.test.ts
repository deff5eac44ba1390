import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InProcessRunner } from '../../runner/inprocess';
import type { RunSummary } from '../../runner/summary';
import { balancerChaosScenario } from './chaos-scenario';

/**
 * Seeded chaotic runs (chaos-scenario.ts): every invariant of monitor.ts on every event. Seeds
 * come from fast-check and every failure prints its replay.
 *
 *   BALANCER_SEEDS=1000 npx vitest run engine/protocols/balancer/chaos.test.ts   more seeds
 *   BALANCER_SEED=1234 npx vitest run engine/protocols/balancer/chaos.test.ts    replay one seed
 */
const runs = Number(process.env.BALANCER_SEEDS ?? 45);
const replay = process.env.BALANCER_SEED === undefined ? null : Number(process.env.BALANCER_SEED);

function runChaos(seed: number): RunSummary {
  const scenario = balancerChaosScenario(seed);
  return new InProcessRunner(scenario).runUntil(scenario.untilUs).summary();
}

function explain(seed: number, summary: RunSummary): string {
  const v = summary.violations[0]!;
  return `seed ${seed}: ${v.invariant}: ${v.message}${v.event ? ` (event ${JSON.stringify(v.event)})` : ''}\nreplay: BALANCER_SEED=${seed} npx vitest run engine/protocols/balancer/chaos.test.ts`;
}

describe('the balancer under a seeded nemesis', () => {
  it(replay === null ? `keeps every invariant (${runs} seeds)` : `replays seed ${replay}`, () => {
    if (replay !== null) {
      const summary = runChaos(replay);
      console.log(JSON.stringify({ stats: summary.stats, violations: summary.violations }, null, 2));
      expect(summary.violations, summary.violations.length ? explain(replay, summary) : '').toEqual([]);
      return;
    }
    const held = new Set<string>();
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        const summary = runChaos(seed);
        if (summary.violations.length > 0) throw new Error(explain(seed, summary));
        for (const s of summary.sometimes ?? []) if (s.held) held.add(s.property);
      }),
      { numRuns: runs },
    );
    // Coverage: the nemesis did not starve the runs of what the invariants are about.
    expect([...held].sort()).toEqual(['a balancer ejects a server', 'a request is answered', 'a server sheds a request']);
  });
});
