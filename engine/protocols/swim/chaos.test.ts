import { describe, it } from 'vitest';
import { chaosProperty } from '../../../workers/test-support/chaos-property';
import { swimChaosScenario } from './chaos-scenario';

/**
 * Seeded chaotic runs (chaos-scenario.ts): every safety invariant of monitor.ts on every event,
 * completeness at the end. Seeds come from fast-check and every failure prints its replay.
 *
 *   SWIM_SEEDS=2000 npx vitest run engine/protocols/swim/chaos.test.ts   more seeds
 *   SWIM_SEED=1234 npx vitest run engine/protocols/swim/chaos.test.ts    replay one seed
 */
const chaos = chaosProperty({
  env: 'SWIM',
  file: 'engine/protocols/swim/chaos.test.ts',
  scenarioFor: swimChaosScenario,
  numRuns: 120,
  showEvent: true,
});

describe('swim under a seeded nemesis', () => {
  it(chaos.title('stays safe and complete after the heal'), () => {
    chaos.check({
      perSeed: (seed, summary) => {
        // Completeness was judged, and the member that crashed for good was detected.
        if (summary.stats.completenessJudged !== true) throw new Error(`seed ${seed}: the run ended before it settled`);
        const detections = summary.stats.detections as { allDeadMs: number | null }[];
        if (detections.at(-1)?.allDeadMs === null) throw new Error(`seed ${seed}: the last crash was never known to all`);
      },
    });
  });
});
