import { describe, expect, it } from 'vitest';
import { builtinExperiment, builtinExperimentNames } from '../../experiments/builtins';
import { runTrial } from '../../experiments/trial';

/**
 * The built-in Figure 16 experiments moved into Raft's folder (experiments.ts) and their step and
 * measures took Raft's name (`raft.crashLeader`, `raft.leaderRecoveryMs`): they must produce
 * exactly the numbers they did before, run for run. Pinned: (experiment, variant, seed) to the
 * measures' values and the run's trace hash, as measured before the move.
 */
const PINNED: [string, number, number, (number | null)[], string][] = [
  ['figure16', 0, 1, [11164.233, 68], 'c1cacc281361667a'],
  ['figure16', 0, 17, [40615.699, 246], '23dd53a2140e0b93'],
  ['figure16', 5, 1, [230.822, 1], '150bba99188fc785'],
  ['figure16', 5, 17, [376.764, 2], '8a33317af347315c'],
  ['figure16-jitter', 0, 1, [425.54, 3], '55c9e98d5d37b599'],
  ['figure16-jitter', 0, 17, [291.312, 2], '0ca74b137bbfa311'],
  ['figure16-jitter', 5, 1, [249.031, 1], '9c16f6e74006c46f'],
  ['figure16-jitter', 5, 17, [195.252, 1], '43383aea6f136587'],
  ['figure16-scaled', 0, 1, [63.953, 3, 238.796], '7bcd86e2e8dd4667'],
  ['figure16-scaled', 0, 17, [118.294, 5, 118.294], '2b1e04401f322e92'],
  ['figure16-scaled', 4, 1, [230.822, 1, 230.822], '5dd2b94f6564857c'],
  ['figure16-scaled', 4, 17, [376.764, 2, 376.764], '71767e5b6dc67469'],
];

describe('Raft\'s built-in experiments', () => {
  it('are listed as Raft\'s', () => {
    expect(builtinExperimentNames('raft')).toEqual(['figure16', 'figure16-jitter', 'figure16-scaled', 'costs-raft-n3', 'costs-raft-n5', 'costs-raft-n7']);
  });

  it('produce the same values and traces as before the move, run for run', () => {
    for (const [name, variant, seed, values, hash] of PINNED) {
      const result = runTrial(builtinExperiment(name), variant, seed);
      expect({ name, variant, seed, values: result.values, hash: result.traceHash }).toEqual({ name, variant, seed, values, hash });
    }
  });
});
