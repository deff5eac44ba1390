import { describe, expect, it } from 'vitest';
import { builtinExperiment, builtinExperimentNames } from '../../experiments/builtins';
import { runTrial } from '../../experiments/trial';

/**
 * The built-in experiment lww-lost-vs-skew (experiments.ts) on seed 1: no write is lost while
 * L1's clock runs no further ahead than a replication takes, losses grow with the skew beyond
 * that, and every loss is a later write beaten by an earlier one's fast clock (stale), since
 * writes at this rate are never concurrent.
 */
describe('the lww-lost-vs-skew experiment', () => {
  const spec = builtinExperiment('lww-lost-vs-skew');
  const results = spec.variants.map((_, i) => runTrial(spec, i, 1));
  const at = (name: string) => results[spec.variants.findIndex((x) => x.name === name)]!.values;

  it("is listed as multi-leader's and runs without violations", () => {
    expect(builtinExperimentNames('multi-leader')).toEqual(['lww-lost-vs-skew']);
    for (const r of results) expect(r.violations).toEqual([]);
  });

  it('loses nothing with skew up to +100 ms, then more the further L1 runs ahead, all of it to the fast clock', () => {
    for (const name of ['L1 +0 ms', 'L1 +10 ms', 'L1 +50 ms', 'L1 +100 ms']) expect(at(name)[1], name).toBe(0);
    const [p200, lost200, stale200] = at('L1 +200 ms');
    const [p500] = at('L1 +500 ms');
    const [p1000] = at('L1 +1000 ms');
    expect(lost200).toBeGreaterThan(0);
    expect(stale200).toBe(lost200);
    expect(p500!).toBeGreaterThan(p200!);
    expect(p1000!).toBeGreaterThan(p500!);
  });
});
