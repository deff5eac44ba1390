import { describe, expect, it } from 'vitest';
import { builtinExperiment, builtinExperimentNames } from '../../experiments/builtins';
import { runTrial } from '../../experiments/trial';
import { nodeName } from '../../kernel/topology';
import { makeScheme } from './placement/index';
import { compareSchemes } from './placement/measure';

/**
 * The ring's built-in experiment (experiments.ts): one join under each placement scheme. The
 * live migration, counted from the trace, moves exactly the keys placement alone predicts, and
 * the figures have the published shape: modulo hashing about N times the ideal K/N, the
 * consistent schemes near it.
 */
describe('the ring-join experiment', () => {
  const spec = builtinExperiment('ring-join');
  const results = spec.variants.map((_, i) => runTrial(spec, i, 1));
  const byName = (name: string) => results[spec.variants.findIndex((x) => x.name === name)]!;

  it('is listed as the ring\'s and runs without violations', () => {
    expect(builtinExperimentNames('ring')).toEqual(['ring-join']);
    for (const r of results) expect(r.violations).toEqual([]);
  });

  it('moves, over messages, exactly the keys each scheme\'s placement changes', () => {
    const keys = Array.from({ length: 960 }, (_, k) => `user:${k}`);
    const before = [0, 1, 2, 3, 4].map((i) => nodeName(null, i));
    const after = [...before, nodeName(null, 5)];
    spec.variants.forEach((variant, i) => {
      const c = variant.config as { scheme: 'modulo' | 'ring' | 'jump' | 'maglev' | 'bounded'; vnodes?: number; loadFactor?: number };
      const [predicted] = compareSchemes([makeScheme(c.scheme, { ...(c.vnodes ? { vnodes: c.vnodes } : {}), ...(c.loadFactor ? { loadFactor: c.loadFactor } : {}) })], keys, before, after);
      const [ratio, imbalance, moved] = results[i]!.values;
      expect(moved, variant.name).toBe(predicted!.moved);
      expect(ratio, variant.name).toBeCloseTo(predicted!.moved / 160, 6);
      expect(imbalance, variant.name).toBeCloseTo(predicted!.imbalanceAfter, 6);
    });
  });

  it('has the published shape: modulo moves about N/(N+1) of the keys, the consistent schemes about K/N', () => {
    expect(byName('modulo').values[0]).toBeGreaterThan(4);
    for (const name of ['ring ×256', 'jump', 'Maglev']) expect(byName(name).values[0], name).toBeLessThan(1.2);
    // Imbalance: one point per member is lopsided; 256 even it out.
    expect(byName('ring ×1').values[1]).toBeGreaterThan(byName('ring ×256').values[1]!);
    expect(byName('bounded c=1.25').values[1]).toBeLessThanOrEqual(1.25 + 1e-9);
  });
});
