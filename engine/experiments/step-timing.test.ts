import { describe, expect, it } from 'vitest';
import { RandomStream } from '../kernel/random';
import { defaultScenario } from '../scenario/schema';
import { builtinExperiment } from './builtins';
import { trialScenario, type ExperimentStep } from './spec';
import { heartbeatIntervalUs, stepJitterUs, stepTime } from './step-timing';

const raft = (config: Record<string, unknown>, seed = 1) => defaultScenario({ protocol: 'raft', seed, config });
const crash = (jitterMs: ExperimentStep['jitterMs']): ExperimentStep => ({ kind: 'raft.crashLeader', atMs: 2000, jitterMs, limitMs: null });

describe('when a step acts', () => {
  it('reads the heartbeat interval the protocol itself uses, in whole microseconds', () => {
    expect(heartbeatIntervalUs(raft({}))).toBe(50_000); // Raft's default
    expect(heartbeatIntervalUs(raft({ electionTimeoutMsMin: 25, heartbeatIntervalMs: 12.5 }))).toBe(12_500);
    expect(heartbeatIntervalUs(raft({ electionTimeoutMsMin: 12, heartbeatIntervalMs: 6 }))).toBe(6_000);
    expect(heartbeatIntervalUs(defaultScenario({ protocol: 'ping', seed: 1 }))).toBeNull();
  });

  it('takes a fixed jitter as it is, and "heartbeat" from the run\'s own settings', () => {
    expect(stepJitterUs(crash(75), raft({ electionTimeoutMsMin: 12, heartbeatIntervalMs: 6 }))).toBe(75_000);
    expect(stepJitterUs(crash('heartbeat'), raft({ electionTimeoutMsMin: 12, heartbeatIntervalMs: 6 }))).toBe(6_000);
    expect(() => stepJitterUs(crash('heartbeat'), defaultScenario({ protocol: 'ping', seed: 1 }))).toThrow(/needs a protocol with a heartbeat interval/);
  });

  it('draws a fixed jitter exactly as before, so published results stay valid', () => {
    for (const seed of [1, 2, 3, 99]) {
      const before = 2_000_000 + RandomStream.derive(seed, 'experiment/step/0').int(0, 75_000 - 1);
      expect(stepTime(crash(75), 0, raft({}, seed))).toBe(before);
    }
    expect(stepTime(crash(0), 0, raft({}, 5))).toBe(2_000_000);
  });

  it('crashes within one heartbeat interval of each variant of the lower graph', () => {
    const spec = builtinExperiment('figure16-scaled');
    const heartbeats = [6_000, 12_500, 25_000, 50_000, 75_000];
    heartbeats.forEach((heartbeat, variant) => {
      const offsets = Array.from({ length: 60 }, (_, i) => stepTime(spec.steps[0]!, 0, trialScenario(spec, variant, i + 1)) - 2_000_000);
      for (const offset of offsets) {
        expect(offset).toBeGreaterThanOrEqual(0);
        expect(offset).toBeLessThan(heartbeat);
      }
      // The whole interval is used, not just the smallest variant's.
      expect(Math.max(...offsets)).toBeGreaterThan(heartbeat / 2);
    });
  });
});
