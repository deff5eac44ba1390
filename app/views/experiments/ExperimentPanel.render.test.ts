import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { builtinExperiment, builtinExperimentNames } from '../../../engine/experiments/builtins';
import { summarizeExperiment } from '../../../engine/experiments/results';
import { withSeeds } from '../../../engine/experiments/spec';
import type { TrialResult } from '../../../engine/experiments/trial';
import { defaultScenario } from '../../../engine/scenario/schema';
import { CdfPlot } from './CdfPlot';
import { ExperimentPanel } from './ExperimentPanel';
import { buildSpec, choicesFor, formatValue, labelAnchors, scenarioMeasuresFor } from './model';
import { StatsTable } from './StatsTable';

describe('ExperimentPanel', () => {
  it('is a labelled dialog offering every built-in experiment and this scenario, with a seed count and Run', () => {
    const html = renderToStaticMarkup(createElement(ExperimentPanel, { currentScenario: () => Promise.reject(new Error('unused')), onClose: () => undefined }));
    expect(html).toMatch(/^<dialog class="experiments" aria-labelledby="[^"]+">/);
    expect(html).toContain('>Experiments</h2>');
    for (const value of ['figure16', 'figure16-jitter', 'figure16-scaled', 'scenario']) expect(html).toContain(`value="${value}"`);
    expect(html).toContain('>Figure 16, lower graph: shorter election timeouts (12–24 ms to 150–300 ms)</option>');
    expect(html).toMatch(/<label for="[^"]+-seeds">Seeds per variant<\/label>/);
    expect(html).toContain('max="2000"');
    expect(html.replace(/<!-- -->/g, '')).toMatch(/>Run 600 runs<\/button>/);
    expect(html).not.toContain('role="progressbar"');
  });

  it('starts from a built-in experiment\'s own seed count when it has fewer than the default (the ring\'s: every seed gives the same figure)', () => {
    const html = renderToStaticMarkup(createElement(ExperimentPanel, { currentScenario: () => Promise.reject(new Error('unused')), onClose: () => undefined, protocol: 'ring' }));
    expect(html).toContain('value="ring-join"');
    // Three seeds × seven schemes.
    expect(html.replace(/<!-- -->/g, '')).toMatch(/>Run 21 runs<\/button>/);
  });
});

describe('the CDF plot and the table', () => {
  const series = [
    { name: '<img src=x onerror=alert(1)>', cdf: [{ x: 100, p: 0.5 }, { x: 200, p: 1 }], missing: 0 },
    { name: 'slow', cdf: [{ x: 1000, p: 0.5 }], missing: 1 },
  ];

  it('draws one styled step line per variant with a direct label, and never renders a name as markup', () => {
    const html = renderToStaticMarkup(createElement(CdfPlot, { series, xLabel: 'time (ms)', scale: 'log', description: 'two lines' }));
    expect(html).toContain('role="img"');
    expect(html.match(/class="cdf-line"/g)).toHaveLength(2);
    expect(html).toContain('stroke-dasharray="14 6"'); // the second line is dashed, not only coloured
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<img');
    expect(html).toContain('time (ms), log scale');
    expect(html).toContain('>100%</text>');
    const linear = renderToStaticMarkup(createElement(CdfPlot, { series, xLabel: 'time (ms)', scale: 'linear', description: '' }));
    expect(linear).not.toContain('log scale');
  });

  it('spreads labels over distinct heights so they never collide', () => {
    const cdf = [{ x: 10, p: 0.2 }, { x: 20, p: 0.6 }, { x: 30, p: 1 }];
    const anchors = labelAnchors([cdf, cdf, cdf]);
    expect(new Set(anchors.map((a) => a!.p)).size).toBe(3);
    expect(labelAnchors([[]])).toEqual([null]);
    // A line that never gets as high is labelled at its last step.
    expect(labelAnchors([[{ x: 5, p: 0.3 }], cdf])[0]).toEqual({ x: 5, p: 0.3 });
  });

  it('formats values for a lecture hall', () => {
    expect(formatValue(287.4, 'ms')).toBe('287 ms');
    expect(formatValue(1234, 'ms')).toBe('1.23 s');
    expect(formatValue(19169, 'ms')).toBe('19.2 s');
    expect(formatValue(60_000, 'ms')).toBe('60 s');
    expect(formatValue(null, 'ms')).toBe('—');
    expect(formatValue(3, 'elections')).toBe('3');
  });

  it('tabulates every variant with its statistics', () => {
    const spec = withSeeds(builtinExperiment('figure16'), 1, 1);
    const trials: TrialResult[] = spec.variants.map((v, i) => ({ variantIndex: i, variant: v.name, seed: 1, values: [100 * (i + 1), 1], traceHash: '', events: 0, endMs: 0, crashed: [], violations: [] }));
    const result = summarizeExperiment(spec, trials);
    const html = renderToStaticMarkup(
      createElement(StatsTable, { rows: result.variants.map((v) => ({ name: v.variant, stats: v.measures[0]!.stats })), unit: 'ms', caption: 'c' }),
    );
    expect(html.match(/<tr>/g)).toHaveLength(7);
    expect(html).toContain('<th scope="row">');
    expect(html).toContain('>600 ms</td>');
  });
});

describe('"this scenario" as an experiment', () => {
  it('runs the page scenario once per seed, crashing its leader at 1 s', () => {
    const scenario = defaultScenario({ protocol: 'raft', seed: 99 });
    const spec = buildSpec('scenario', 50, scenario, 'recovery');
    expect(spec.seeds).toEqual({ from: 1, to: 50 });
    expect(spec.variants).toHaveLength(1);
    expect(spec.steps).toEqual([{ kind: 'raft.crashLeader', atMs: 1000, jitterMs: 50, limitMs: 60_000 }]);
    expect(spec.measures).toEqual(['raft.leaderRecoveryMs', 'raft.electionsPerRecovery']);
    expect(buildSpec('scenario', 5000, scenario, 'firstLeader').seeds.to).toBe(2000);
    expect(buildSpec('figure16', 10, null, 'recovery').variants).toHaveLength(6);
    expect(buildSpec('figure16-scaled', 10, null, 'recovery')).toMatchObject({ name: 'figure16-scaled', seeds: { from: 1, to: 10 } });
    expect(buildSpec('figure16-scaled', 10, null, 'recovery').variants).toHaveLength(5);
    expect(() => buildSpec('scenario', 10, null, 'recovery')).toThrow(/no scenario/);
  });
});

describe('the list of experiments', () => {
  it('follows the built-in registry, so a new built-in needs no change here', () => {
    for (const protocol of ['raft', 'ping']) {
      const choices = choicesFor(protocol);
      expect(choices.map((c) => c.value)).toEqual([...builtinExperimentNames(protocol), 'scenario']);
      expect(new Set(choices.map((c) => c.label)).size).toBe(choices.length);
    }
    // Each system offers its own: the running one's, never another's.
    expect(choicesFor('ping').map((c) => c.value)).toEqual(['ping-detection', 'scenario']);
    expect(choicesFor('raft').map((c) => c.value)).not.toContain('ping-detection');
    expect(scenarioMeasuresFor('ping').map((m) => m.id)).toEqual(['detection', 'messagesPerOperation']);
    expect(scenarioMeasuresFor('raft').map((m) => m.id)).toEqual(['recovery', 'firstLeader', 'messagesPerOperation']);
  });
});
