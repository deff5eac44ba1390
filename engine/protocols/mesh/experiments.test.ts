import { describe, expect, it } from 'vitest';
import { builtinExperiment, builtinExperimentNames } from '../../experiments/builtins';
import { runTrial } from '../../experiments/trial';

/**
 * The mesh's built-in experiment (goodput and p99 against offered load, five policies): its shape
 * on one seed. The full table: `npm run sim -- --experiment mesh-load` (README.md quotes it).
 */
describe("the mesh's built-in experiment", () => {
  it('are listed as the mesh’s: mesh-load with six policies at two loads, mesh-storm with five', () => {
    expect(builtinExperimentNames('mesh')).toEqual(['mesh-load', 'mesh-storm']);
    expect(builtinExperiment('mesh-load').variants.map((v) => v.name)).toHaveLength(12);
    expect(builtinExperiment('mesh-storm').variants.map((v) => v.name)).toHaveLength(10);
  });

  it('mesh-storm at 60 requests/s: throttling alone stays down, with deadlines it recovers', () => {
    const spec = builtinExperiment('mesh-storm');
    const at = (name: string) => spec.variants.findIndex((v) => v.name === name);
    const alone = runTrial(spec, at('retries + throttling @ 60/s'), 2);
    const both = runTrial(spec, at('retries + throttling (counted at outcome) + deadlines @ 60/s'), 2);
    for (const r of [alone, both]) expect(r.violations).toEqual([]);
    expect(alone.values[0]).toBeLessThan(5);
    expect(both.values[0]).toBeGreaterThan(50);
  }, 30_000);

  it('at 60 requests/s: no policy recovers after the slowdown, retries alone stay down (metastable), a breaker recovers', () => {
    const spec = builtinExperiment('mesh-load');
    const at = (name: string) => spec.variants.findIndex((v) => v.name === name);
    const none = runTrial(spec, at('no policy @ 60/s'), 1);
    const retries = runTrial(spec, at('retries @ 60/s'), 1);
    const breaker = runTrial(spec, at('breaker @ 60/s'), 1);
    for (const r of [none, retries, breaker]) expect(r.violations).toEqual([]);
    expect(none.values[0]).toBeGreaterThan(50);
    expect(retries.values[0]).toBeLessThan(5);
    expect(breaker.values[0]).toBeGreaterThan(50);
  }, 30_000);
});
