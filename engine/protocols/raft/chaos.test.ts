import { describe, it } from 'vitest';
import { chaosProperty } from '../../../workers/test-support/chaos-property';
import { isNemesisName, NEMESIS_NAMES, type NemesisName } from '../../scenario/nemesis';
import type { Scenario } from '../../scenario/schema';
import { raftChaosScenario } from './chaos-scenario';

/**
 * Jepsen-style: seeded chaotic runs of a 5-node cluster under the default write load, with
 * crashes, restarts, partitions, one-way cuts, loss and duplication for 75% of the run, then a
 * heal. Every safety invariant is checked on every event, liveness at the end.
 *
 *   RAFT_SEEDS=5000 npx vitest run engine/protocols/raft/chaos.test.ts   many more seeds
 *   RAFT_SEED=1234 npx vitest run engine/protocols/raft/chaos.test.ts    replay one seed
 *   RAFT_NEMESIS=steering ...                                             the steering nemesis (nemesis.ts) instead
 */
const nemesisName = process.env.RAFT_NEMESIS ?? 'random';
if (!isNemesisName(nemesisName)) throw new Error(`RAFT_NEMESIS must be one of ${NEMESIS_NAMES.join(', ')}, got "${nemesisName}"`);
const nemesis: NemesisName = nemesisName;

/** Everything about the run follows from the seed (and the nemesis), so they alone replay it. */
export function chaosScenario(seed: number): Scenario {
  return raftChaosScenario(seed, nemesis);
}

const chaos = chaosProperty({
  env: 'RAFT',
  file: 'engine/protocols/raft/chaos.test.ts',
  scenarioFor: chaosScenario,
  numRuns: 300,
  showEvent: true,
  titleNote: `${nemesis} nemesis`,
  replayEnv: nemesis === 'random' ? '' : `RAFT_NEMESIS=${nemesis}`,
});

describe('raft under a seeded nemesis', () => {
  it(chaos.title('stays safe and recovers after the heal'), () => {
    chaos.check({
      perSeed: (seed, summary) => {
        // The run did real work: a leader was elected and writes were committed.
        if ((summary.stats.committed as number) === 0) throw new Error(`seed ${seed}: nothing committed`);
      },
    });
  });
});
