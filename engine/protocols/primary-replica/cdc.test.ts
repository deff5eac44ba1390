import { describe, expect, it } from 'vitest';
import { InProcessRunner } from '../../runner/inprocess';
import { defaultScenario } from '../../scenario/schema';
import { TEACHING_TIMINGS } from './config';
import type { CdcReport } from './ledger';
import { C1, C2, D1, HEAL_AT_US, PARTITION_AT_US, S1, S2, S3 } from './scenarios';

/**
 * Change data capture across the lost-write failover: a consumer K1 beside the old primary reads
 * S1's acknowledged-then-lost writes as changes. With epochs in its position, the new primary
 * tells it where the histories part: it retracts them and reads epoch 2's instead, ending with
 * exactly the history (nothing lost, nothing twice). Without, it keeps the phantoms and never
 * reads what epoch 2 wrote at those indices.
 */
const K1 = 6;
function run(cdcEpochs: boolean) {
  const scenario = defaultScenario({
    protocol: 'primary-replica',
    seed: 7,
    topology: { groups: [{ kind: 'server', count: 3 }, { kind: 'dcs', count: 1 }, { kind: 'client', count: 2 }, { kind: 'consumer', count: 1 }] },
    config: { ...TEACHING_TIMINGS, operationIntervalMs: 100, cdcEpochs },
    timeline: [
      { at: PARTITION_AT_US, action: { kind: 'partition', groups: [[S1, C1, C2, K1], [S2, S3, D1]] } },
      { at: HEAL_AT_US, action: { kind: 'heal' } },
    ],
    untilUs: 15_000_000,
  });
  const trace: { what: string; at: number }[] = [];
  const summary = new InProcessRunner(scenario, { sink: (e) => e.kind === 'observe' && e.node === K1 && trace.push({ what: e.what, at: e.at }) }).runUntil(scenario.untilUs).summary();
  return { summary, cdc: (summary.stats.cdc as Record<string, CdcReport>).K1!, trace };
}

describe('change data capture across a failover', () => {
  it('with epochs: snapshot, then stream; the lost changes are retracted and the consumer ends on the history', () => {
    const { summary, cdc, trace } = run(true);
    expect(summary.violations).toEqual([]);
    expect(summary.stats.lostAckedWrites as number).toBeGreaterThan(0);
    expect(trace[0]!.what).toBe('cdc-snapshot');
    expect(trace.some((t) => t.what === 'cdc-retracted' && t.at > HEAL_AT_US)).toBe(true);
    expect(cdc.wrong).toBe(0);
    expect(cdc.read).toBeGreaterThan(20);
    // Every change it read of S1's lost writes was taken back; none read twice.
    expect(cdc.retracted).toBeGreaterThan(0);
    expect(cdc.duplicates).toBe(0);
  });

  it('without epochs: the consumer keeps changes that never happened', () => {
    const { cdc, trace } = run(false);
    expect(trace.some((t) => t.what === 'cdc-retracted')).toBe(false);
    expect(cdc.wrong).toBeGreaterThan(0);
    expect(cdc.retracted).toBe(0);
  });
});
