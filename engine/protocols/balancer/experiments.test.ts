import { describe, expect, it } from 'vitest';
import { builtinExperiment, builtinExperimentNames } from '../../experiments/builtins';
import { runTrial } from '../../experiments/trial';

/** The balancer's built-in experiment: one run per algorithm, its own latency measures. */
describe("the balancer's built-in experiment", () => {
  it("is listed as the balancer's, one variant per algorithm", () => {
    expect(builtinExperimentNames('balancer')).toEqual(['balancer-slow-server']);
    expect(builtinExperiment('balancer-slow-server').variants.map((v) => v.name)).toEqual([
      'round robin', 'random', 'least outstanding', 'two random choices', 'peak EWMA', 'consistent hashing',
    ]);
  });

  it('under a slow server, two choices and peak EWMA keep p99 under round robin (median of 3 seeds)', () => {
    const spec = builtinExperiment('balancer-slow-server');
    const p99 = (variant: number) => {
      const values = [1, 2, 3].map((seed) => {
        const r = runTrial(spec, variant, seed);
        expect(r.violations).toEqual([]);
        return r.values[0]!;
      });
      return values.sort((a, b) => a - b)[1]!;
    };
    const roundRobin = p99(0);
    expect(p99(3)).toBeLessThan(roundRobin);
    expect(p99(4)).toBeLessThan(roundRobin * 0.6);
  });
});
