import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { protocolNames } from '../protocols/registry';
import { InProcessRunner } from '../runner/inprocess';
import { MAX_FILE_CHARS, scenarioFromFile, scenarioToFile } from './file';
import { arbitraryScenario } from './arbitraries';
import { defaultScenario, ScenarioError } from './schema';

function failure(f: () => unknown): string {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioError);
    const message = (error as Error).message;
    expect(message).not.toMatch(/\n/);
    return message;
  }
  throw new Error('expected a ScenarioError');
}

describe('scenario files', () => {
  it('round trip: any valid scenario and view', () => {
    fc.assert(
      fc.property(arbitraryScenario, fc.option(fc.integer({ min: 0, max: 1e9 }), { nil: undefined }), (scenario, atUs) => {
        const view = atUs === undefined ? {} : { atUs };
        const text = scenarioToFile(scenario, view);
        expect(scenarioFromFile(text)).toStrictEqual({ scenario, view });
      }),
      { numRuns: 100 },
    );
  });

  it('writes every field, one line per field and per action, and runs to the same trace', () => {
    const s = defaultScenario({
      protocol: 'ping',
      seed: 3,
      untilUs: 2_000_000,
      timeline: [
        { at: 300_000, action: { kind: 'crash', node: 2 } },
        { at: 900_000, action: { kind: 'restart', node: 2 } },
      ],
    });
    const text = scenarioToFile(s, { atUs: 1_000_000 });
    expect(text.split('\n')).toEqual([
      '{',
      '  "version": 3,',
      '  "seed": 3,',
      '  "protocol": {"name":"ping","config":{}},',
      '  "nodes": 5,',
      '  "initiallyDown": [],',
      '  "network": {"latencyUs":{"min":10000,"max":15000},"lossRate":0,"duplicateRate":0},',
      '  "workload": {"kind":"default"},',
      '  "timeline": [',
      '    {"at":300000,"action":{"kind":"crash","node":2}},',
      '    {"at":900000,"action":{"kind":"restart","node":2}}',
      '  ],',
      '  "untilUs": 2000000,',
      '  "healedAtUs": null,',
      '  "view": {"atUs":1000000}',
      '}',
      '',
    ]);
    const { scenario } = scenarioFromFile(text);
    expect(new InProcessRunner(scenario).runUntil(s.untilUs).summary().traceHash).toBe(new InProcessRunner(s).runUntil(s.untilUs).summary().traceHash);
  });

  it('accepts a hand-written file with defaults left out and actions in any order', () => {
    const { scenario, view } = scenarioFromFile(
      '\uFEFF{"version":1,"seed":1,"protocol":{"name":"ping"},"nodes":2,"network":{"latencyUs":{"min":5,"max":9}},' +
        '"timeline":[{"at":9,"action":{"kind":"heal"}},{"at":1,"action":{"kind":"crash","node":1}}]}',
    );
    expect(scenario.timeline.map((t) => t.at)).toEqual([1, 9]);
    expect(scenario.untilUs).toBe(30_000_000);
    expect(view).toEqual({});
  });

  it('names what is wrong with a bad file, and never lets "__proto__" through', () => {
    const ok = JSON.parse(scenarioToFile(defaultScenario({ protocol: 'ping' }))) as Record<string, unknown>;
    const text = (patch: Record<string, unknown>) => JSON.stringify({ ...ok, ...patch });
    expect(failure(() => scenarioFromFile('{"version": 1, "seed": ', 'broken.json'))).toMatch(/^broken\.json is not valid JSON: /);
    expect(failure(() => scenarioFromFile('[]'))).toBe('the file is not a Quorum Playground scenario');
    expect(failure(() => scenarioFromFile('{"name":"my shopping list"}'))).toBe('the file is not a Quorum Playground scenario');
    expect(failure(() => scenarioFromFile(text({ version: 9 })))).toMatch(/^the file is from a newer version of Quorum Playground \(scenario format 9/);
    expect(failure(() => scenarioFromFile(text({ protocol: { name: 'nonesuch' } })))).toBe(`unknown protocol "nonesuch" (known: ${protocolNames().join(', ')})`);
    expect(failure(() => scenarioFromFile(text({ timeline: [{ at: 0, action: { kind: 'crash', node: 'S1' } }] })))).toMatch(/^timeline\.0\.action\.node: /);
    expect(failure(() => scenarioFromFile(text({ view: { atUs: 'soon' } })))).toMatch(/^view\.atUs: /);
    expect(failure(() => scenarioFromFile(text({ extra: 1 })))).toMatch(/^extra: /);
    const raft = (config: Record<string, unknown>) => text({ protocol: { name: 'raft', config }, nodes: 3 });
    expect(failure(() => scenarioFromFile(raft({ initialMembers: [5, 6] })))).toBe('protocol.config: initialMembers names nodes 5, 6, but the scenario has 3 nodes (0 to 2)');
    expect(failure(() => scenarioFromFile(raft({ initialMembers: [0, 1, 3] })))).toBe('protocol.config: initialMembers names node 3, but the scenario has 3 nodes (0 to 2)');
    expect(scenarioFromFile(raft({ initialMembers: [0, 2] })).scenario.protocol.config).toEqual({ initialMembers: [0, 2] });
    expect(failure(() => scenarioFromFile(' '.repeat(MAX_FILE_CHARS + 1)))).toBe('the file is larger than 4 MiB');
    for (const hostile of [
      '{"__proto__":{"polluted":1},"version":1}',
      `{"version":1,"seed":1,"protocol":{"name":"ping","config":{"__proto__":{"polluted":1}}},"nodes":2,"network":{"latencyUs":{"min":5,"max":9}}}`,
      `{"version":1,"seed":1,"protocol":{"name":"ping"},"nodes":2,"network":{"latencyUs":{"min":5,"max":9}},"timeline":[{"at":0,"action":{"kind":"command","node":0,"command":{"type":"x","constructor":{"prototype":{"polluted":1}}}}}]}`,
    ]) {
      expect(failure(() => scenarioFromFile(hostile))).toMatch(/^the file contains the key "(__proto__|constructor)"/);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
