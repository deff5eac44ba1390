import { describe, expect, it } from 'vitest';
import type { TimedAction } from '../../kernel/actions';
import type { TraceEvent } from '../../kernel/trace';
import { InProcessRunner } from '../../runner/inprocess';
import { defaultScenario, type Scenario } from '../../scenario/schema';
import { queueBroadcast, takeBroadcasts } from './broadcast';
import { configureSwim, retransmitLimit, suspicionTimeoutUs } from './config';
import { swimMonitors } from './monitor';
import { suspicionTimeoutNow } from './suspicion';
import type { SwimState } from './types';

const s = (x: number) => x * 1_000_000;

interface MemberView {
  status: string;
  incarnation: number;
}
interface View {
  incarnation: number;
  left: boolean;
  members: MemberView[];
}

function scenario(nodes: number, timeline: TimedAction[], untilUs: number, config: Record<string, unknown> = {}, lossRate = 0, seed = 1): Scenario {
  return defaultScenario({ protocol: 'swim', nodes, seed, untilUs, config, timeline, workload: { kind: 'none' }, network: { lossRate } });
}

function run(sc: Scenario) {
  const trace: TraceEvent[] = [];
  const runner = new InProcessRunner(sc, { sink: (e) => trace.push(e) });
  runner.runUntil(sc.untilUs);
  const views = runner.views().map((v) => (v.view ? (v.view.protocol as View) : null));
  const observed = (what: string) => trace.filter((e): e is Extract<TraceEvent, { kind: 'observe' }> => e.kind === 'observe' && e.what === what);
  return { summary: runner.summary(), views, trace, observed };
}

describe('swim config', () => {
  it("fills memberlist's DefaultLANConfig", () => {
    const c = configureSwim({});
    expect(c).toMatchObject({
      probeIntervalUs: 1_000_000,
      probeTimeoutUs: 500_000,
      indirectChecks: 3,
      suspicionMult: 4,
      suspicionMaxTimeoutMult: 6,
      retransmitMult: 4,
      gossipIntervalUs: 200_000,
      gossipNodes: 3,
      gossipToTheDeadUs: 30_000_000,
      pushPullIntervalUs: 30_000_000,
      lifeguard: true,
      awarenessMaxMultiplier: 8,
    });
  });

  it('clamps numbers into range and names the field of nonsense', () => {
    expect(configureSwim({ probeIntervalMs: 1 }).probeIntervalUs).toBe(10_000);
    expect(configureSwim({ indirectChecks: 1000 }).indirectChecks).toBe(16);
    // The direct ping's timeout never outlasts the period.
    expect(configureSwim({ probeIntervalMs: 100, probeTimeoutMs: 900 }).probeTimeoutUs).toBe(100_000);
    expect(() => configureSwim({ probeIntervalMs: 'fast' })).toThrow(/probeIntervalMs must be a number/);
    expect(() => configureSwim({ gossipNodes: 2.5 })).toThrow(/gossipNodes must be a whole number/);
    expect(() => configureSwim({ lifeguard: 'yes' })).toThrow(/lifeguard must be true or false/);
    expect(() => configureSwim({ probeIntervalMS: 5 })).toThrow(/unknown swim setting "probeIntervalMS"/);
    expect(() => configureSwim({ suspicionMult: Number.NaN })).toThrow(RangeError);
  });

  it("computes memberlist's suspicion timeout and retransmit limit (log10, util.go)", () => {
    const c = configureSwim({});
    expect(suspicionTimeoutUs(c, 8)).toBe(s(4));
    expect(suspicionTimeoutUs(c, 64)).toBe(7_224_000); // 4 · log10 64 = 7.224 periods
    expect(retransmitLimit(c, 8)).toBe(4);
    expect(retransmitLimit(c, 64)).toBe(8);
  });
});

describe("Lifeguard's dynamic suspicion", () => {
  it('starts at the maximum and reaches the minimum with k confirmations', () => {
    const base = { k: 2, minUs: s(4), maxUs: s(24) };
    expect(suspicionTimeoutNow({ ...base, confirmers: [1] })).toBe(s(24));
    // 24 − 20 · log 2 / log 3 = 11.38 s, floored to the millisecond
    expect(suspicionTimeoutNow({ ...base, confirmers: [1, 2] })).toBe(11_381_000);
    expect(suspicionTimeoutNow({ ...base, confirmers: [1, 2, 3] })).toBe(s(4));
    expect(suspicionTimeoutNow({ ...base, k: 0, confirmers: [1] })).toBe(s(4));
  });
});

describe('the broadcast queue', () => {
  const state = (): SwimState =>
    ({
      config: configureSwim({ maxPiggybacked: 2 }),
      members: Array.from({ length: 8 }, () => ({ status: 'alive', incarnation: 0, sinceUs: 0 })),
      broadcasts: [],
      broadcastId: 0,
    }) as unknown as SwimState;

  it('sends the least-sent first, newest first among equals, at most λ log n times each', () => {
    const st = state();
    queueBroadcast(st, { kind: 'alive', node: 1, incarnation: 1 });
    queueBroadcast(st, { kind: 'alive', node: 2, incarnation: 1 });
    queueBroadcast(st, { kind: 'alive', node: 3, incarnation: 1 });
    expect(takeBroadcasts(st).map((u) => u.node)).toEqual([3, 2]);
    expect(takeBroadcasts(st).map((u) => u.node)).toEqual([1, 3]);
    let sent = 2;
    while (takeBroadcasts(st).length > 0) sent++;
    // Three updates, four transmissions each (retransmitMult 4 · ceil(log10 9)), two per message.
    expect(sent).toBe(6);
  });

  it('drops an older rumour about a member when a newer one is queued', () => {
    const st = state();
    queueBroadcast(st, { kind: 'suspect', node: 4, incarnation: 0, from: 1 });
    queueBroadcast(st, { kind: 'alive', node: 4, incarnation: 1 });
    expect(takeBroadcasts(st)).toEqual([{ kind: 'alive', node: 4, incarnation: 1 }]);
  });
});

describe('swim runs', () => {
  it('detects a crash: suspicion, then death known to every member, within bounds', () => {
    const r = run(scenario(8, [{ at: s(5), action: { kind: 'crash', node: 3 } }], s(40)));
    expect(r.summary.violations).toEqual([]);
    for (const [i, v] of r.views.entries()) {
      if (i === 3) expect(v).toBeNull();
      else expect(v!.members[3]!.status).toBe('dead');
    }
    const [d] = r.summary.stats.detections as { firstDetectionMs: number; allDeadMs: number }[];
    // Round-robin (§4.3): some member probes it within a pass; death follows after the suspicion timeout.
    expect(d!.firstDetectionMs).toBeLessThan(3000);
    expect(d!.allDeadMs).toBeGreaterThan(4000);
    expect(d!.allDeadMs).toBeLessThan(30_000);
    expect(r.summary.stats.falsePositives).toBe(0);
  });

  it('a restarted member rejoins with a higher incarnation, from durable state', () => {
    const r = run(scenario(5, [{ at: s(2), action: { kind: 'crash', node: 1 } }, { at: s(20), action: { kind: 'restart', node: 1 } }], s(30)));
    expect(r.summary.violations).toEqual([]);
    const boots = r.observed('boot').filter((e) => e.node === 1);
    expect(boots.map((e) => e.data)).toEqual([
      { incarnation: 0, bootstrap: true },
      { incarnation: 1, bootstrap: false },
    ]);
    for (const v of r.views) expect(v!.members[1]).toMatchObject({ status: 'alive', incarnation: 1 });
  });

  it('a suspected member refutes by raising its incarnation, under loss', () => {
    const r = run(scenario(6, [], s(60), {}, 0.15, 3));
    expect(r.summary.violations).toEqual([]);
    const refutes = r.observed('refute');
    expect(refutes.length).toBeGreaterThan(0);
    // Each refutation followed a suspicion of that member at a lower incarnation.
    for (const e of refutes) {
      const inc = (e.data as { incarnation: number }).incarnation;
      const before = r.observed('suspect').filter((x) => x.at <= e.at && (x.data as { subject: number }).subject === e.node);
      expect(before.some((x) => (x.data as { incarnation: number }).incarnation < inc)).toBe(true);
    }
  });

  it('a member leaves (others see it left), then joins again with a higher incarnation', () => {
    const r = run(
      scenario(5, [
        { at: s(3), action: { kind: 'command', node: 2, command: { type: 'leave' } } },
        { at: s(15), action: { kind: 'command', node: 2, command: { type: 'join' } } },
      ], s(25)),
    );
    expect(r.summary.violations).toEqual([]);
    const left = r.observed('left').filter((e) => (e.data as { subject: number }).subject === 2);
    expect(new Set(left.map((e) => e.node)).size).toBe(4);
    expect(left.every((e) => e.at < s(15))).toBe(true);
    for (const v of r.views) expect(v!.members[2]).toMatchObject({ status: 'alive', incarnation: 1 });
  });

  it('a partition makes each side declare the other dead; after the heal everyone is alive again', () => {
    const r = run(
      scenario(6, [
        { at: s(2), action: { kind: 'partition', groups: [[0, 1, 2], [3, 4, 5]] } },
        { at: s(40), action: { kind: 'heal' } },
      ], s(120)),
    );
    expect(r.summary.violations).toEqual([]);
    const deadAcross = r.observed('dead').filter((e) => e.at < s(40) && (e.node < 3) !== ((e.data as { subject: number }).subject < 3));
    expect(deadAcross.length).toBe(18);
    for (const v of r.views) expect(v!.members.every((m) => m.status === 'alive')).toBe(true);
  });
});

describe('the monitors catch broken traces', () => {
  const config = configureSwim({});
  const base = { incarnation: 0, seq: 0 };
  const obs = (at: number, node: number, what: string, data: Record<string, unknown>): TraceEvent => ({ ...base, at, node, kind: 'observe', what, data });
  const boot = (node: number, incarnation = 0, at = 0) => obs(at, node, 'boot', { incarnation, bootstrap: at === 0 });
  const first = (events: TraceEvent[]) => {
    const [m] = swimMonitors(config, 3, { healedAtUs: null });
    for (const e of events) {
      const v = m!.observe(e);
      if (v) return v.invariant;
    }
    return null;
  };

  it('names each broken rule', () => {
    const booted = [boot(0), boot(1), boot(2)];
    expect(first([...booted, obs(5, 1, 'boot', { incarnation: 0, bootstrap: false })])).toBe('Incarnation only grows');
    expect(first([...booted, obs(5, 1, 'suspect', { subject: 1, incarnation: 0, from: 2 })])).toBe('No member believes itself suspect or dead');
    expect(first([...booted, obs(5, 0, 'dead', { subject: 2, incarnation: 0, from: 0 }), obs(6, 0, 'alive', { subject: 2, incarnation: 0 })])).toBe(
      'Death is overridden only by a higher incarnation',
    );
    expect(first([...booted, obs(5, 0, 'suspect', { subject: 2, incarnation: 0, from: 0 }), obs(6, 0, 'alive', { subject: 2, incarnation: 0 })])).toBe(
      'Suspicion is refuted only by a higher incarnation',
    );
    expect(first([...booted, obs(5, 0, 'alive', { subject: 2, incarnation: 3 })])).toBe('Incarnations come from their member');
    expect(
      first([...booted, obs(5, 2, 'refute', { incarnation: 1 }), obs(5, 0, 'suspect', { subject: 2, incarnation: 0, from: 0 }), obs(6, 0, 'alive', { subject: 2, incarnation: 1 })]),
    ).toBeNull();
  });
});
