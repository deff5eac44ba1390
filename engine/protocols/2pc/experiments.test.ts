import { describe, expect, it } from 'vitest';
import { builtinExperiment, builtinExperimentNames } from '../../experiments/builtins';
import { runTrial } from '../../experiments/trial';

/**
 * 2PC's built-in experiment (experiments.ts): blocking under a coordinator crash, classic
 * against Paxos Commit, on three seeds. The full table: `npm run sim -- --experiment 2pc-blocking`
 * (README.md quotes it).
 */
describe("2pc's built-in experiment", () => {
  it('is listed as 2pc’s, with the two ways of deciding as its variants', () => {
    expect(builtinExperimentNames('2pc')).toEqual(['2pc-blocking']);
    expect(builtinExperiment('2pc-blocking').variants.map((v) => v.name)).toEqual(['classic 2PC', 'Paxos Commit']);
  });

  it('classic 2PC blocks until the coordinator returns (3 s); Paxos Commit for about one query interval', () => {
    const spec = builtinExperiment('2pc-blocking');
    for (const seed of [1, 2, 3]) {
      const classic = runTrial(spec, 0, seed);
      const paxos = runTrial(spec, 1, seed);
      expect(classic.violations).toEqual([]);
      expect(paxos.violations).toEqual([]);
      // The crash step waits for a participant in doubt, so classic 2PC blocks nearly the whole outage.
      expect(classic.values[0], `seed ${seed}`).toBeGreaterThan(2_500);
      expect(paxos.values[0], `seed ${seed}`).toBeLessThan(1_000);
    }
  }, 30_000);
});
