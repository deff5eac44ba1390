import { describe, expect, it } from 'vitest';
import { builtinExperiment, builtinExperimentNames } from '../../experiments/builtins';
import { runTrial } from '../../experiments/trial';

/**
 * SWIM's experiments in the panel (experiment-words.ts) on a few seeds: detection is measured
 * in groups of every size the sweep names, and Lifeguard declares fewer running members dead
 * under heavy loss. run-experiments.ts prints the full-size tables.
 */
describe('SWIM\'s built-in experiments', () => {
  it('are listed as swim\'s', () => {
    expect(builtinExperimentNames('swim')).toEqual(['swim-detection', 'swim-false-positives', 'swim-slow-member']);
  });

  it('swim-detection: every group size detects the crash; suspicion comes after a probe went unanswered', () => {
    const spec = builtinExperiment('swim-detection');
    spec.variants.forEach((variant, i) => {
      for (const seed of [1, 2, 3]) {
        const r = runTrial(spec, i, seed);
        expect(r.violations).toEqual([]);
        expect(r.crashed[0]).toMatchObject({ node: 0 });
        const [suspicion, probe] = r.values as [number, number];
        // The probe's timeout (500 ms) runs out before anyone suspects.
        expect(suspicion - probe, `${variant.name}, seed ${seed}`).toBeGreaterThanOrEqual(500);
        expect(suspicion).toBeLessThan(10_000);
      }
    });
    expect(spec.variants.map((x) => x.nodes)).toEqual([8, 16, 32, 64]);
  });

  it('swim-false-positives: at 30% loss Lifeguard declares fewer running members dead', () => {
    const spec = builtinExperiment('swim-false-positives');
    const total = (name: string) =>
      [1, 2, 3].reduce((sum, seed) => sum + runTrial(spec, spec.variants.findIndex((x) => x.name === name), seed).values[0]!, 0);
    const swim = total('30% loss, SWIM');
    const lifeguard = total('30% loss, Lifeguard');
    expect(swim).toBeGreaterThan(lifeguard);
  });

  it('swim-slow-member: the slow member accuses running members, far less with Lifeguard', () => {
    const spec = builtinExperiment('swim-slow-member');
    const run = (name: string, seed: number) => runTrial(spec, spec.variants.findIndex((x) => x.name === name), seed);
    const swim = run('SWIM', 1);
    const lifeguard = run('Lifeguard', 1);
    expect(swim.violations).toEqual([]);
    expect(lifeguard.violations).toEqual([]);
    const [bySlowSwim, allSwim] = swim.values as [number, number];
    const [bySlowLifeguard] = lifeguard.values as [number];
    // About one accusation per probe once S1 is slow (1.5 s > its 1 s period), all of them false.
    expect(bySlowSwim).toBeGreaterThan(20);
    expect(allSwim).toBeGreaterThanOrEqual(bySlowSwim);
    expect(bySlowLifeguard * 3).toBeLessThan(bySlowSwim);
  });
});
