import { describe, expect, it } from 'vitest';
import type { TimedAction } from '../kernel/actions';
import { chaosTimeline } from './chaos';
import { NEMESIS_NAMES, STEERING_SCHEDULES, steeringTimeline, withNemesis, type SteeringOptions } from './nemesis';
import { defaultScenario } from './schema';

const latencyUs = { min: 10_000, max: 15_000 };
const options = (seed: number, extra: Partial<SteeringOptions> = {}): SteeringOptions => ({ seed, nodes: 5, untilUs: 8_000_000, latencyUs, baseLossRate: 0.05, ...extra });
const isForce = (t: TimedAction) => t.action.kind === 'command' && t.action.command.type === 'forceElection';

describe('the steering nemesis', () => {
  it('is a pure function of the seed, and seeds differ', () => {
    expect(steeringTimeline(options(3))).toEqual(steeringTimeline(options(3)));
    expect(steeringTimeline(options(4)).timeline).not.toEqual(steeringTimeline(options(3)).timeline);
  });

  it('acts only before the heal, in time order, and leaves everything healed and up', () => {
    for (let seed = 0; seed < 200; seed++) {
      const spares = seed % 2 === 0 ? [5] : [];
      const { timeline, healedAtUs, episodes } = steeringTimeline(options(seed, { nodes: 5 + spares.length, spares }));
      expect(healedAtUs).toBe(6_000_000);
      expect(episodes.length).toBeGreaterThan(2);
      expect(timeline.every((t) => t.by === 'nemesis')).toBe(true);
      expect(timeline.map((t) => t.at)).toEqual(timeline.map((t) => t.at).sort((a, b) => a - b));
      const active = timeline.filter((t) => t.at < healedAtUs);
      expect(active.every((t) => t.at <= episodes[episodes.length - 1]!.toUs)).toBe(true);
      const down = new Set<number>(spares);
      let maxDown = 0;
      for (const { action } of timeline) {
        if (action.kind === 'crash') down.add(action.node);
        if (action.kind === 'restart') down.delete(action.node);
        maxDown = Math.max(maxDown, [...down].filter((n) => !spares.includes(n)).length);
      }
      // Never a majority of the five members down at once; at the end every member is up.
      expect(maxDown, `seed ${seed}`).toBeLessThanOrEqual(2);
      expect([...down].filter((n) => !spares.includes(n)), `seed ${seed}`).toEqual([]);
      const last = timeline.filter((t) => t.at === healedAtUs).map((t) => t.action);
      expect(last).toEqual([{ kind: 'heal' }, { kind: 'network', latencyUs, lossRate: 0.05 }]);
    }
  });

  it('runs only the schedules it is given', () => {
    for (const schedule of STEERING_SCHEDULES) {
      const { episodes } = steeringTimeline(options(9, { schedules: [schedule] }));
      expect(episodes.length).toBeGreaterThan(0);
      expect(new Set(episodes.map((e) => e.schedule))).toEqual(new Set([schedule]));
    }
  });

  it("times vote-amnesia's crash after every RequestVote arrived and before the winner's AppendEntries can", () => {
    // A force in a partition, then the voters' crash: the window is (force + R, force + 3r).
    let checked = 0;
    for (let seed = 0; seed < 50; seed++) {
      const { timeline } = steeringTimeline(options(seed, { schedules: ['vote-amnesia'] }));
      timeline.forEach((t, i) => {
        if (t.action.kind !== 'partition' || !isForce(timeline[i + 1]!)) return;
        const force = timeline[i + 1]!;
        const crash = timeline.slice(i + 2).find((x) => x.action.kind === 'crash' || x.action.kind === 'partition');
        if (crash?.action.kind !== 'crash') return;
        expect(crash.at - force.at).toBeGreaterThan(latencyUs.max);
        expect(crash.at - force.at).toBeLessThan(3 * latencyUs.min);
        checked++;
      });
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('refuses a cluster too small to steer', () => {
    expect(() => steeringTimeline(options(1, { nodes: 2 }))).toThrow(/at least 3 members, got 2/);
    expect(() => steeringTimeline(options(1, { nodes: 4, spares: [2, 3] }))).toThrow(/at least 3 members, got 2/);
  });
});

describe('withNemesis', () => {
  const raft = defaultScenario({ protocol: 'raft', seed: 12, untilUs: 6_000_000, network: { lossRate: 0.02 } });

  it('adds exactly what --chaos always added for the random nemesis', () => {
    const chaos = chaosTimeline({ seed: 12, nodes: 5, untilUs: 6_000_000, baseLossRate: 0.02 });
    expect(withNemesis(raft, 'random')).toEqual({ ...raft, timeline: chaos.timeline, healedAtUs: chaos.healedAtUs });
  });

  it('merges a steering timeline into the scenario and knows every name', () => {
    const own = { at: 100_000, action: { kind: 'crash' as const, node: 1 } };
    const steered = withNemesis({ ...raft, timeline: [own] }, 'steering');
    expect(steered.timeline[0]).toEqual(own);
    expect(steered.timeline.some(isForce)).toBe(true);
    expect(steered.healedAtUs).toBe(4_500_000);
    for (const name of NEMESIS_NAMES) expect(() => withNemesis(raft, name)).not.toThrow();
    expect(() => withNemesis(defaultScenario({ protocol: 'ping' }), 'figure8')).toThrow(/steers Raft/);
  });
});
