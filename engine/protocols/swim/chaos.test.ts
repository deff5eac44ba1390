import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InProcessRunner } from '../../runner/inprocess';
import type { RunSummary } from '../../runner/summary';
import { swimChaosScenario } from './chaos-scenario';

/**
 * Seeded chaotic runs (chaos-scenario.ts): every safety invariant of monitor.ts on every event,
 * completeness at the end. Seeds come from fast-check and every failure prints its replay.
 *
 *   SWIM_SEEDS=2000 npx vitest run engine/protocols/swim/chaos.test.ts   more seeds
 *   SWIM_SEED=1234 npx vitest run engine/protocols/swim/chaos.test.ts    replay one seed
 */
const runs = Number(process.env.SWIM_SEEDS ?? 120);
const replay = process.env.SWIM_SEED === undefined ? null : Number(process.env.SWIM_SEED);

function runChaos(seed: number): RunSummary {
  const scenario = swimChaosScenario(seed);
  return new InProcessRunner(scenario).runUntil(scenario.untilUs).summary();
}

function explain(seed: number, summary: RunSummary): string {
  const v = summary.violations[0]!;
  return `seed ${seed}: ${v.invariant}: ${v.message}${v.event ? ` (event ${JSON.stringify(v.event)})` : ''}\nreplay: SWIM_SEED=${seed} npx vitest run engine/protocols/swim/chaos.test.ts`;
}

describe('swim under a seeded nemesis', () => {
  it(replay === null ? `stays safe and complete after the heal (${runs} seeds)` : `replays seed ${replay}`, () => {
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
        // Completeness was judged, and the member that crashed for good was detected.
        if (summary.stats.completenessJudged !== true) throw new Error(`seed ${seed}: the run ended before it settled`);
        const detections = summary.stats.detections as { allDeadMs: number | null }[];
        if (detections.at(-1)?.allDeadMs === null) throw new Error(`seed ${seed}: the last crash was never known to all`);
      }),
      { numRuns: runs },
    );
  });
});
