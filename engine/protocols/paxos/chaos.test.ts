import { describe, expect, it } from 'vitest';
import { chaosProperty, seedRange } from '../../../workers/test-support/chaos-property';
import { paxosChaosScenario } from './chaos-scenario';
import { PAXOS_SOMETIMES } from './monitor';

/**
 * Seeded chaotic runs of single-decree Paxos (chaos-scenario.ts): the choice monitor on every
 * event. Seeds come from fast-check and every failure prints its replay.
 *
 *   PAXOS_SEEDS=2000 npx vitest run engine/protocols/paxos/chaos.test.ts   more seeds
 *   PAXOS_SEED=1234 npx vitest run engine/protocols/paxos/chaos.test.ts    replay one seed
 */
const chaos = chaosProperty({ env: 'PAXOS', file: 'engine/protocols/paxos/chaos.test.ts', scenarioFor: paxosChaosScenario, numRuns: 30 });

describe('paxos under a seeded nemesis', () => {
  it(chaos.title('chooses at most one value, never changes it, and learners learn only it'), () => {
    chaos.check();
  });

  it('each "sometimes" property held in some of seeds 1..30 (the nemesis does not starve the protocol)', () => {
    expect([...chaos.sometimesHeld(seedRange(1, 30))].sort()).toEqual(PAXOS_SOMETIMES.map((s) => s.property).sort());
  });
});
