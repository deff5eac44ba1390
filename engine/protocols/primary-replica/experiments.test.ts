import { describe, expect, it } from 'vitest';
import { InProcessRunner } from '../../runner/inprocess';
import { primaryReplicaExperiments } from './experiments';
import { lostWriteScenario } from './scenarios';

/** The measures agree with the monitors' stats on a real run (the same ledger, fed event by event). */
describe('primary-replica experiment measures', () => {
  it('lostAckedWrites and staleReads equal the run summary', () => {
    const scenario = lostWriteScenario('async', 3);
    const lost = primaryReplicaExperiments.measures.lostAckedWrites!.create();
    const stale = primaryReplicaExperiments.measures.staleReads!.create();
    const summary = new InProcessRunner(scenario, { sink: (e) => (lost.push(e), stale.push(e)) }).runUntil(scenario.untilUs).summary();
    expect(lost.value()).toBe(summary.stats.lostAckedWrites);
    expect(lost.value()).toBeGreaterThan(0);
    expect(stale.value()).toBe(summary.stats.staleReads);
  });
});
