import { describe, expect, it } from 'vitest';
import { experimentVocabulary, protocolNames } from '../protocols/registry';
import { builtinExperiment, builtinExperimentLabels } from './builtins';
import { measureInfo } from './measures';
import { parseExperiment } from './spec';

/** Every protocol's built-in experiments and "this scenario" offers are well formed and its own. */
describe('built-in experiments of every protocol', () => {
  for (const protocol of protocolNames()) {
    it(protocol, () => {
      const vocabulary = experimentVocabulary(protocol);
      for (const { name, protocol: owner } of builtinExperimentLabels(protocol)) {
        expect(owner).toBe(protocol);
        const spec = builtinExperiment(name);
        expect(spec.name).toBe(name);
        expect(spec.scenario.protocol.name, `${name} runs its own protocol`).toBe(protocol);
        for (const m of spec.measures) expect(measureInfo(m).label.length).toBeGreaterThan(0);
      }
      for (const offer of vocabulary?.scenario ?? []) {
        const template = builtinExperimentLabels(protocol)[0];
        const scenario = template ? builtinExperiment(template.name).scenario : null;
        if (!scenario) continue;
        expect(() => parseExperiment({ experiment: 2, name: 'x', scenario, seeds: { from: 1, to: 1 }, steps: offer.steps, measures: offer.measures })).not.toThrow();
      }
    });
  }

  it('names are unique across protocols', () => {
    const names = builtinExperimentLabels().map((b) => b.name);
    expect(new Set(names).size).toBe(names.length);
  });
});
