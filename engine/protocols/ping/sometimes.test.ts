import { describe, expect, it } from 'vitest';
import { InProcessRunner } from '../../runner/inprocess';
import { withNemesis } from '../../scenario/nemesis';
import { defaultScenario, type Scenario } from '../../scenario/schema';
import { EVERY_MEMBER_HEARS_EVERY_OTHER } from './monitor';

/** Ping's "sometimes" property: every member hears every other, at least once. */
const summaryOf = (scenario: Scenario) => new InProcessRunner(scenario).runUntil(scenario.untilUs).summary();
const ping = (seed: number, untilUs = 2_000_000) => defaultScenario({ protocol: 'ping', nodes: 4, seed, untilUs });

describe('ping sometimes property', () => {
  it('holds in a calm run, after the first round of pings', () => {
    const [p] = summaryOf(ping(3)).sometimes;
    expect(p).toMatchObject({ property: EVERY_MEMBER_HEARS_EVERY_OTHER, held: true });
    expect(p!.firstAtUs).toBeGreaterThan(0);
  });

  it('is not seen, and no violation, when a node is down from the start', () => {
    const base = ping(3, 1_000_000);
    const summary = summaryOf({ ...base, timeline: [{ at: 0, action: { kind: 'crash', node: 2 } }] });
    expect(summary.violations).toEqual([]);
    expect(summary.sometimes).toEqual([{ property: EVERY_MEMBER_HEARS_EVERY_OTHER, held: false }]);
  });

  it('held in at least one of 10 chaotic seeds (coverage)', () => {
    const held = Array.from({ length: 10 }, (_, i) => 500 + i).filter((seed) => summaryOf(withNemesis(ping(seed, 4_000_000), 'random')).sometimes[0]!.held);
    expect(held.length).toBeGreaterThan(0);
  });
});
