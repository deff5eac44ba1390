import { describe, expect, it } from 'vitest';
import { defaultScenario } from '../../../engine/scenario/schema';
import { buildNewRun, clientRateText, protocolWorkloadIntervalUs, workloadFromRate } from './new-run';

/** Raft's page default runs writes every 250 ms (4 a second); the engine's own default differs. */
const raft = (seed: number) => defaultScenario({ protocol: 'raft', seed, workload: { kind: 'interval', intervalUs: 250_000 } });

describe('the New run dialog\'s client rate', () => {
  it('reads every system\'s default load through the registry, and none for a system without clients', () => {
    expect(clientRateText(raft(1))).toBe('4');
    expect(clientRateText({ ...raft(1), workload: { kind: 'none' } })).toBe('0');
    const pbft = defaultScenario({ protocol: 'pbft', nodes: 4, config: { workloadIntervalMs: 250 } });
    expect(protocolWorkloadIntervalUs(pbft)).toBe(250_000);
    expect(clientRateText(pbft)).toBe('4');
    expect(clientRateText(defaultScenario({ protocol: 'swim', nodes: 5 }))).toBeNull();
    expect(clientRateText(defaultScenario({ protocol: 'paxos', nodes: 3 }))).toBeNull();
  });

  it('leaves the scenario\'s own workload alone when the rate is unchanged, so a default run keeps its link', () => {
    expect(workloadFromRate(raft(1), '4')).toEqual({ workload: { kind: 'interval', intervalUs: 250_000 } });
    const engineDefault = defaultScenario({ protocol: 'raft' });
    expect(workloadFromRate(engineDefault, clientRateText(engineDefault)!)).toEqual({ workload: { kind: 'default' } });
  });

  it('turns a rate into the scenario\'s interval, 0 into no load, and refuses what is out of range', () => {
    expect(workloadFromRate(raft(1), '20')).toEqual({ workload: { kind: 'interval', intervalUs: 50_000 } });
    expect(workloadFromRate(raft(1), '0')).toEqual({ workload: { kind: 'none' } });
    expect(workloadFromRate(raft(1), '0.5')).toEqual({ workload: { kind: 'interval', intervalUs: 2_000_000 } });
    for (const bad of ['', '-1', '1001', '0.001', 'lots']) expect(workloadFromRate(raft(1), bad)).toHaveProperty('problem');
    expect(workloadFromRate(raft(1), '5000')).toEqual({ problem: 'Client requests must be 0 (none) or a number from 0.01 to 1000 per second (not 5000).' });
  });

  it('puts the rate in the scenario a link carries', () => {
    const built = buildNewRun(raft, [], '9', {}, '10');
    expect('scenario' in built && built.scenario.workload).toEqual({ kind: 'interval', intervalUs: 100_000 });
    expect(buildNewRun(raft, [], '9', {}, 'x')).toHaveProperty('problem');
  });
});
