import { describe, expect, it } from 'vitest';
import { raftDefaultScenario } from './default-scenario';
import { raftSettings } from './settings';
import { buildNewRun, settingValues } from '../../views/run/new-run';

const base = (seed: number) => raftDefaultScenario({ seed, nodes: null });
const defaults = settingValues(raftSettings, {}, base(1).protocol.config);

describe('buildNewRun', () => {
  it('puts the seed and the settings in the scenario, where a share link carries them', () => {
    const r = buildNewRun(base, raftSettings, '7', { ...defaults, heartbeatIntervalMs: '40', preVote: false });
    expect('scenario' in r && r.scenario.seed).toBe(7);
    expect('scenario' in r && r.scenario.protocol.config).toMatchObject({ electionTimeoutMsMin: 150, electionTimeoutMsMax: 300, heartbeatIntervalMs: 40, preVote: false });
  });

  it('says which field is out of range, and what the engine refuses, in the dialog\'s words', () => {
    expect(buildNewRun(base, raftSettings, '7', { ...defaults, heartbeatIntervalMs: '0' })).toEqual({ problem: 'Heartbeat interval must be a number from 1 to 5000 ms (not 0).' });
    expect(buildNewRun(base, raftSettings, 'x', defaults)).toEqual({ problem: 'The seed must be a whole number from 0 to 4294967295.' });
    const r = buildNewRun(base, raftSettings, '7', { ...defaults, heartbeatIntervalMs: '200' });
    expect(r).toEqual({ problem: 'These settings cannot run together: "Heartbeat interval" (200) must be below "Election timeout, shortest" (150).' });
  });

  it('starts from the running scenario\'s settings', () => {
    expect(settingValues(raftSettings, { preVote: false, heartbeatIntervalMs: 30 }, base(1).protocol.config)).toEqual({
      electionTimeoutMsMin: '150',
      electionTimeoutMsMax: '300',
      heartbeatIntervalMs: '30',
      preVote: false,
      checkQuorum: true,
    });
  });
});
