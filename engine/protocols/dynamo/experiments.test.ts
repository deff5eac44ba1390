import { describe, expect, it } from 'vitest';
import { builtinExperiment, builtinExperimentNames } from '../../experiments/builtins';
import { runTrial } from '../../experiments/trial';

/**
 * The PBS experiment in the panel (experiments.ts): each run's t-visibility. Strict quorums are
 * fresh at once in every run; a partial quorum sometimes is not, and never for longer than one
 * message's largest latency (by then the write has reached every replica).
 */
describe('the dynamo-pbs experiment', () => {
  const spec = builtinExperiment('dynamo-pbs');
  const values = (name: string, seeds: number) => {
    const i = spec.variants.findIndex((x) => x.name === name);
    return Array.from({ length: seeds }, (_, s) => {
      const r = runTrial(spec, i, s + 1);
      expect(r.violations).toEqual([]);
      return r.values[0];
    });
  };

  it('is listed as dynamo\'s', () => {
    expect(builtinExperimentNames('dynamo')).toEqual(['dynamo-pbs']);
  });

  it('(3,2,2): R + W > N, every read fresh at t = 0', () => {
    expect(values('(3,2,2)', 30)).toEqual(Array(30).fill(0));
  });

  it('(3,1,1) on 1-40 ms links: some reads stale right after the write, none after 40 ms', () => {
    const xs = values('(3,1,1), 1-40 ms', 40);
    expect(xs.every((x) => typeof x === 'number' && x >= 0 && x < 40)).toBe(true);
    expect(xs.filter((x) => (x ?? 0) > 0).length).toBeGreaterThan(0);
    expect(xs.filter((x) => x === 0).length).toBeGreaterThan(xs.length / 2);
  });
});
