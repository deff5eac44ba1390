import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../engine/kernel/trace';
import { InProcessRunner } from '../../engine/runner/inprocess';
import { defaultScenario } from '../../engine/scenario/schema';
import { describeTrace } from './describer';
import { plainNarrator } from './plain';

/** The event log tells pauses, resumes and byzantine nodes, over a real ping run. */
describe('narrating the pause and byzantine faults', () => {
  const s = defaultScenario({
    protocol: 'ping',
    nodes: 3,
    seed: 5,
    untilUs: 1_500_000,
    workload: { kind: 'none' },
    timeline: [
      { at: 200_000, action: { kind: 'pause', node: 1 }, by: 'user' },
      { at: 300_000, action: { kind: 'pause', node: 1 }, by: 'user' },
      { at: 600_000, action: { kind: 'resume', node: 1 }, by: 'user' },
      { at: 700_000, action: { kind: 'byzantine', node: 2, policy: 'silent' }, by: 'nemesis' },
      { at: 1_000_000, action: { kind: 'byzantine', node: 2, policy: null } },
    ],
  });
  const trace: TraceEvent[] = [];
  new InProcessRunner(s, { sink: (e) => trace.push(e) }).runUntil(s.untilUs);
  const lines = describeTrace(trace, plainNarrator({}));
  const texts = lines.map((l) => l.text);

  it('says who paused a node, that a second pause changes nothing, and what ran at the resume', () => {
    expect(texts).toContain('The user paused S2: frozen with its memory intact, it runs nothing; messages and timers that reach it wait');
    expect(texts).toContain('The user paused S2, which was down or paused already: nothing changes');
    const resumed = lines.find((l) => l.text.startsWith('The user resumed S2: the '))!;
    expect(resumed.text).toMatch(/^The user resumed S2: the \d+ events that waited run now, in order$/);
    expect(resumed.at).toBe(600_000);
    expect(resumed.topic).toBe('pause');
  });

  it('says who made a node byzantine and honest again, and what it withheld', () => {
    expect(texts).toContain('The nemesis made S3 byzantine: from now on it lies by the policy "silent"');
    expect(texts).toContain('The scenario made S3 honest again');
    const withheld = lines.filter((l) => l.topic === 'byzantine' && l.text.startsWith('S3 (byzantine) withheld'));
    expect(withheld.length).toBeGreaterThan(2);
    expect(withheld.every((l) => l.at >= 700_000 && l.at < 1_000_000)).toBe(true);
    // Withheld messages are not told again as lost ones.
    expect(texts.some((t) => /withheld by its byzantine sender/.test(t))).toBe(false);
  });
});

describe('narrating the slow fault', () => {
  it('says who made a node slow, by how much, and when it is back to speed', () => {
    const s = defaultScenario({
      protocol: 'ping',
      nodes: 3,
      seed: 5,
      untilUs: 1_000_000,
      workload: { kind: 'none' },
      timeline: [
        { at: 200_000, action: { kind: 'slow', node: 1, delayUs: 300_000 }, by: 'user' },
        { at: 700_000, action: { kind: 'slow', node: 1, delayUs: 0 } },
      ],
    });
    const trace: TraceEvent[] = [];
    new InProcessRunner(s, { sink: (e) => trace.push(e) }).runUntil(s.untilUs);
    const texts = describeTrace(trace, plainNarrator({})).map((l) => l.text);
    expect(texts).toContain('The user made S2 slow: every message that reaches it waits 300 ms before it is handled (its timers still fire on time)');
    expect(texts).toContain('The scenario brought S2 back to speed: what reaches it is handled at once again');
  });
});
