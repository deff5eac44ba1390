import { describe, expect, it } from 'vitest';
import type { Action } from '../engine/kernel/actions';
import { FaultState } from '../engine/kernel/faults';
import { instantStages, needsCoordinator } from './instant-stages';

const network = { latencyUs: { min: 10_000, max: 15_000 }, lossRate: 0, duplicateRate: 0 };
const crash = (node: number): Action => ({ kind: 'crash', node });
const restart = (node: number): Action => ({ kind: 'restart', node });
const poke = (node: number): Action => ({ kind: 'command', node, command: { type: 'forceElection' } });
const stagesOf = (actions: Action[], initiallyDown: number[] = []) =>
  instantStages(new FaultState(network, 3, initiallyDown), actions);

describe('the stages of an instant in the worker runner', () => {
  it('a restart waits for a crash of the same node in the instant', () => {
    expect(stagesOf([crash(0), restart(0)])).toEqual([
      { count: 1, restarting: [] },
      { count: 1, restarting: [0] },
    ]);
  });

  it('a spare that was down restarts and crashes in one stage', () => {
    expect(stagesOf([restart(2), crash(2)], [2])).toEqual([{ count: 2, restarting: [2] }]);
  });

  it('a crash waits for what another node sent at the instant, not for what it sent itself', () => {
    expect(stagesOf([poke(0), crash(1)])).toEqual([
      { count: 1, restarting: [] },
      { count: 1, restarting: [] },
    ]);
    expect(stagesOf([poke(0), crash(0)])).toEqual([{ count: 2, restarting: [] }]);
  });

  it('actions that change nothing split nothing', () => {
    // Node 2 is down: its crash, and a command to it, do nothing; node 0 is up: its restart neither.
    expect(stagesOf([poke(2), crash(2), restart(0), crash(1)], [2])).toEqual([{ count: 4, restarting: [] }]);
  });

  it('a crash, a restart and a crash again take three stages', () => {
    expect(stagesOf([crash(0), restart(0), poke(1), crash(0)])).toEqual([
      { count: 1, restarting: [] },
      { count: 2, restarting: [0] },
      { count: 1, restarting: [] },
    ]);
  });

  it('the coordinator stops at every instant that might need stages', () => {
    expect(needsCoordinator([{ kind: 'heal' }, crash(0)])).toBe(false);
    expect(needsCoordinator([crash(0), poke(1)])).toBe(false);
    expect(needsCoordinator([poke(1), crash(0)])).toBe(true);
    expect(needsCoordinator([restart(1)])).toBe(true);
  });
});
