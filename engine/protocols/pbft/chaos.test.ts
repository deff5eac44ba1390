import { describe, it } from 'vitest';
import { chaosProperty } from '../../../workers/test-support/chaos-property';
import { pbftChaosScenario } from './chaos-scenario';

/**
 * Seeded chaotic runs (chaos-scenario.ts): crashes, partitions, cuts and loss, and up to f
 * byzantine replicas; every safety invariant of monitor.ts on every event, liveness after the
 * heal. Seeds come from fast-check and every failure prints its replay.
 *
 *   PBFT_SEEDS=500 npx vitest run engine/protocols/pbft/chaos.test.ts   more seeds
 *   PBFT_SEED=1234 npx vitest run engine/protocols/pbft/chaos.test.ts   replay one seed
 */
const chaos = chaosProperty({ env: 'PBFT', file: 'engine/protocols/pbft/chaos.test.ts', scenarioFor: (seed) => pbftChaosScenario(seed), numRuns: 16 });

describe('PBFT under a seeded nemesis with up to f byzantine replicas', () => {
  it(chaos.title('stays safe and live after the heal'), () => {
    chaos.check();
  }, Math.max(180_000, chaos.runs * 5_000));
});
