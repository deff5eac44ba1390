import { describe, expect, it } from 'vitest';
import { InProcessRunner } from '../runner/inprocess';
import { decodeScenarioLink, encodeScenarioLink } from './link';
import { defaultScenario, parseScenario } from './schema';
import { EXPANDERS } from './compact';

/** The pause, resume and byzantine actions in files and share links. */
describe('pause, resume and byzantine actions in links', () => {
  const scenario = defaultScenario({
    protocol: 'ping',
    nodes: 3,
    seed: 3,
    untilUs: 2_000_000,
    timeline: [
      { at: 200_000, action: { kind: 'pause', node: 1 }, by: 'user' },
      { at: 700_000, action: { kind: 'resume', node: 1 }, by: 'user' },
      { at: 900_000, action: { kind: 'byzantine', node: 2, policy: 'silent' } },
      { at: 1_500_000, action: { kind: 'byzantine', node: 2, policy: null } },
    ],
  });

  it('round-trip through a link with the same trace hash', async () => {
    const link = await encodeScenarioLink(scenario);
    const decoded = await decodeScenarioLink(link);
    expect(decoded.scenario).toEqual(scenario);
    const hash = (s: typeof scenario) => new InProcessRunner(s).runUntil(s.untilUs).summary().traceHash;
    expect(hash(decoded.scenario)).toBe(hash(scenario));
  });

  it('have compact codes z, w and b that leave the old codes alone', () => {
    const expand = EXPANDERS[2]!;
    const doc = { s: 1, p: 'ping', n: 3, l: [10_000, 15_000], t: [[5, 'z', 1], [5, 'w', 1], [5, 'b', 2, 'silent'], [5, 'b', 2, null], [5, 'c', 0]] };
    const timeline = (expand(doc, 2).scenario as { timeline: { action: unknown }[] }).timeline.map((t) => t.action);
    expect(timeline).toEqual([
      { kind: 'pause', node: 1 },
      { kind: 'resume', node: 1 },
      { kind: 'byzantine', node: 2, policy: 'silent' },
      { kind: 'byzantine', node: 2, policy: null },
      { kind: 'crash', node: 0 },
    ]);
  });

  it('name a node within the scenario, and a policy as a short string or null', () => {
    const base = JSON.parse(JSON.stringify(scenario));
    const withAction = (action: unknown) => ({ ...base, timeline: [{ at: 1, action }] });
    expect(() => parseScenario(withAction({ kind: 'pause', node: 3 }))).toThrow(/beyond the 3/);
    expect(() => parseScenario(withAction({ kind: 'resume', node: -1 }))).toThrow();
    expect(() => parseScenario(withAction({ kind: 'byzantine', node: 0 }))).toThrow(/policy/);
    expect(() => parseScenario(withAction({ kind: 'byzantine', node: 0, policy: '' }))).toThrow();
    expect(() => parseScenario(withAction({ kind: 'pause', node: 0, for: 5 }))).toThrow();
  });
});

describe('the random nemesis with pauses', () => {
  it('adds pause episodes without moving any other move, and leaves nobody paused', async () => {
    const { chaosTimeline } = await import('./chaos');
    for (const seed of [1, 2, 3, 4, 5]) {
      const o = { seed, nodes: 5, untilUs: 20_000_000 };
      const plain = chaosTimeline(o);
      const paused = chaosTimeline({ ...o, pauses: true });
      expect(paused.healedAtUs).toBe(plain.healedAtUs);
      const others = paused.timeline.filter((t) => t.action.kind !== 'pause' && t.action.kind !== 'resume');
      expect(others).toEqual(plain.timeline);
      const pauses = paused.timeline.filter((t) => t.action.kind === 'pause');
      expect(pauses.length).toBeGreaterThan(0);
      // Every pause has its resume, on the same node, by the heal; no node paused twice at once.
      const open = new Map<number, number>();
      for (const { at, action } of paused.timeline) {
        if (action.kind === 'pause') {
          expect(open.has(action.node)).toBe(false);
          open.set(action.node, at);
        } else if (action.kind === 'resume') {
          expect(open.get(action.node)).toBeLessThanOrEqual(at);
          open.delete(action.node);
          expect(at).toBeLessThanOrEqual(paused.healedAtUs);
        }
      }
      expect(open.size).toBe(0);
      // Raft under pauses stays safe (its monitors judge the whole run).
      const s = defaultScenario({ protocol: 'raft', nodes: 5, seed, untilUs: o.untilUs, timeline: paused.timeline });
      const run = new InProcessRunner({ ...s, healedAtUs: paused.healedAtUs }).runUntil(s.untilUs);
      expect(run.violation).toBeNull();
      expect(run.summary().violations).toEqual([]);
    }
  });
});
