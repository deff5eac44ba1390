import { describe, expect, it } from 'vitest';
import { InProcessRunner } from '../../runner/inprocess';
import { parseScenario } from '../../scenario/schema';
import { pbftExperiments } from './experiments';

/**
 * The cost measures over a real fault-free run: the normal case costs 1 + (n − 1) + (n − 1)² +
 * n(n − 1) + n messages per request (29 at n = 4, 92 at n = 7) give or take the requests still
 * in flight at the end; checkpoints add n(n − 1) per K = 4 requests.
 */
function measure(replicas: number) {
  const spec = pbftExperiments.builtins[`pbft-cost-n${replicas}`]!.make() as { scenario: unknown };
  const scenario = { ...parseScenario(spec.scenario), seed: 1, untilUs: 2_000_000 };
  const all = pbftExperiments.measures.messagesPerRequest!.create();
  const normal = pbftExperiments.measures.normalCaseMessagesPerRequest!.create();
  const summary = new InProcessRunner(scenario, { sink: (e) => (all.push(e), normal.push(e)) }).runUntil(scenario.untilUs).summary();
  expect(summary.violations).toEqual([]);
  return { all: all.value()!, normal: normal.value()! };
}

describe('PBFT cost measures', () => {
  it('n = 4: about 29 normal-case messages per request, about 32 with checkpoints', () => {
    const m = measure(4);
    expect(m.normal).toBeGreaterThan(28.5);
    expect(m.normal).toBeLessThan(31);
    expect(m.all - m.normal).toBeCloseTo((4 * 3) / 4, 0);
  });

  it('n = 7: about 92 normal-case messages per request (the paper\'s "about 2n²")', () => {
    const m = measure(7);
    expect(m.normal).toBeGreaterThan(91.5);
    expect(m.normal).toBeLessThan(96);
  });
});
