import { describe, expect, it } from 'vitest';
import { chaosProperty, seedRange } from '../../../workers/test-support/chaos-property';
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
const chaos = chaosProperty({
  env: 'MULTI_PAXOS',
  file: 'engine/protocols/multi-paxos/chaos.test.ts',
  scenarioFor: multiPaxosChaosScenario,
  numRuns: 12,
});

describe('multi-paxos under a seeded nemesis', () => {
  it(chaos.title('keeps one value per slot, learners learn only chosen values, and its store is linearizable'), () => {
    chaos.check();
  });

  it('each "sometimes" property held in some of seeds 1..30 (the nemesis does not starve the protocol)', () => {
    expect([...chaos.sometimesHeld(seedRange(1, 30))].sort()).toEqual(MULTI_PAXOS_SOMETIMES.map((s) => s.property).sort());
  });
});
