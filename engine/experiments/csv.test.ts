import { describe, expect, it } from 'vitest';
import { csvField, runsCsv, summaryCsv } from './csv';
import { builtinExperiment } from './builtins';
import { summarizeExperiment } from './results';
import { withSeeds } from './spec';
import type { TrialResult } from './trial';

describe('CSV export', () => {
  it('quotes what needs quoting and defuses spreadsheet formulas', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('@cmd')).toBe("'@cmd");
    expect(csvField(-3.5)).toBe('-3.5');
    expect(csvField(null)).toBe('');
    expect(csvField(Number.NaN)).toBe('');
  });

  it('writes one row per run (seed, variant, values) and one per variant and measure', () => {
    const spec = withSeeds(builtinExperiment('figure16'), 1, 2);
    const trials: TrialResult[] = [];
    spec.variants.forEach((v, variantIndex) => {
      for (const seed of [2, 1]) {
        trials.push({ variantIndex, variant: v.name, seed, values: [seed * 100 + variantIndex, seed === 2 ? null : 1], traceHash: 'ab', events: 1, endMs: 5, crashed: [seed === 1 ? { node: 3, atMs: 2.5 } : null], violations: [] });
      }
    });
    const result = summarizeExperiment(spec, trials);
    const runs = runsCsv(result).split('\r\n');
    expect(runs[0]).toBe('seed,variant,raft.leaderRecoveryMs,raft.electionsPerRecovery,crashedNode,crashedAtMs,traceHash,endMs,violations');
    expect(runs[1]).toBe('1,150–150 ms,100,1,3,2.5,ab,5,');
    expect(runs[2]).toBe('2,150–150 ms,200,,,,ab,5,');
    expect(runs).toHaveLength(spec.variants.length * 2 + 2); // header, rows, trailing empty
    const summary = summaryCsv(result).split('\r\n');
    expect(summary[0]).toBe('variant,measure,count,missing,min,median,p90,p99,max,mean');
    expect(summary[1]).toBe('150–150 ms,raft.leaderRecoveryMs,2,0,100,100,200,200,200,150');
    expect(summary[2]).toBe('150–150 ms,raft.electionsPerRecovery,2,1,1,1,,,,');
  });
});
