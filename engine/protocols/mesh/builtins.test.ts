import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../kernel/trace';
import { readBuiltin, runBuiltin } from '../../scenario/test-support/builtin-run';
import { MESH_SCENARIOS } from './builtin-scenarios';

/**
 * The mesh's built-in scenarios (public/scenarios/mesh-*.json) are what builtin-scenarios.ts
 * makes, and each shows what it is named after (the in-process trace is the page's worker trace).
 */
const file = (id: string) => readBuiltin(`${id}.json`);

function run(id: string) {
  const { scenario, trace, summary, observed } = runBuiltin(`${id}.json`);
  const okPerSecond = (node: number) => {
    const per = Array.from({ length: Math.ceil(scenario.untilUs / 1e6) }, () => 0);
    for (const e of trace) if (e.kind === 'metric' && e.name === 'clientOkMs' && e.node === node) per[Math.floor(e.at / 1e6)]!++;
    return per;
  };
  const breakers = observed('breaker');
  return { summary, okPerSecond, breakers };
}

describe("the mesh's built-in scenarios", () => {
  it('the files are what builtin-scenarios.ts makes', () => {
    for (const [id, entry] of Object.entries(MESH_SCENARIOS)) expect(file(id), id).toEqual(entry.make());
  });

  it('mesh-breaker-opens: a checkout breaker opens after payments starts failing, probes, and closes after the rollback', () => {
    const r = run('mesh-breaker-opens');
    expect(r.summary.violations).toEqual([]);
    const opens = r.breakers.filter((e) => e.data!.to === 'open');
    expect(opens[0]!.at).toBeGreaterThan(3_000_000);
    expect(opens[0]!.at).toBeLessThan(6_000_000);
    expect(r.breakers.some((e) => e.data!.to === 'half-open')).toBe(true);
    const closes = r.breakers.filter((e) => e.data!.from === 'half-open' && e.data!.to === 'closed');
    expect(closes.length).toBeGreaterThan(0);
    expect(closes.every((e) => e.at > 12_000_000)).toBe(true);
  });

  it('mesh-retry-storm: goodput stays near zero long after the trigger ends; with breakers it recovers', () => {
    const storm = run('mesh-retry-storm').okPerSecond(7);
    const tamed = run('mesh-retry-storm-breaker').okPerSecond(7);
    expect(storm[3]).toBeGreaterThan(40);
    // 8 s after the trigger ended (7 s): still down without a policy, back up with breakers.
    expect(Math.max(...storm.slice(12, 20))).toBeLessThan(10);
    expect(Math.min(...tamed.slice(12, 20))).toBeGreaterThan(40);
  });

  it('mesh-outlier-ejection: each checkout ejects PAY3 after its fifth failure in a row, for 30 s, and takes it back at the 40 s sweep', () => {
    const { trace, summary } = runBuiltin('mesh-outlier-ejection.json');
    expect(summary.violations).toEqual([]);
    const seen = (what: string) => trace.filter((e): e is Extract<TraceEvent, { kind: 'observe' }> => e.kind === 'observe' && e.what === what);
    const ejected = seen('ejected');
    expect(ejected.map((e) => [e.node, e.data!.instance, e.data!.forMs])).toEqual([[1, 5, 30_000], [2, 5, 30_000]]);
    expect(ejected.every((e) => e.at > 2_000_000 && e.at < 4_000_000)).toBe(true);
    // Ejected near 2.1 s for 30 s; the sweep runs every 10 s from boot, so it is back at the 40 s sweep.
    expect(seen('returned').map((e) => [e.node, e.data!.instance, e.at])).toEqual(ejected.map((e) => [e.node, 5, 40_000_000]));
    // While ejected, no checkout calls PAY3.
    const calls = trace.filter((e) => e.kind === 'send' && e.msg.type === 'Call' && e.to === 5 && e.at > ejected.at(-1)!.at && e.at < 32_000_000);
    expect(calls).toEqual([]);
  });

  it('mesh-canary-ejection: about a quarter of the calls reach the canary after 3 s, none once it is ejected', () => {
    const { trace, summary } = runBuiltin('mesh-canary-ejection.json');
    expect(summary.violations).toEqual([]);
    const calls = trace.filter((e): e is Extract<TraceEvent, { kind: 'send' }> => e.kind === 'send' && e.msg.type === 'Call' && (e.node === 1 || e.node === 2));
    const share = (from: number, to: number) => {
      const inside = calls.filter((e) => e.at >= from && e.at < to);
      return inside.filter((e) => e.to === 5).length / inside.length;
    };
    expect(share(500_000, 3_000_000)).toBeLessThan(0.15);
    expect(share(3_000_000, 5_000_000)).toBeGreaterThan(0.12);
    expect(share(3_000_000, 5_000_000)).toBeLessThan(0.4);
    const ejections = trace.filter((e) => e.kind === 'observe' && e.what === 'ejected');
    expect(ejections.map((e) => e.node).sort()).toEqual([1, 2]);
    expect(share(ejections.at(-1)!.at + 1, 15_000_000)).toBe(0);
  });

  it('mesh-instance-crash: PAY2 keeps getting calls until the registry drops it, about ttl after its last heartbeat', () => {
    const r = run('mesh-instance-crash');
    expect(r.summary.violations).toEqual([]);
    const [dead] = r.summary.stats.deadInstances as { instance: string; windowMs: number; callsWhileDead: number }[];
    expect(dead!.instance).toBe('PAY2');
    expect(dead!.windowMs).toBeGreaterThan(1500);
    expect(dead!.windowMs).toBeLessThanOrEqual(3500);
    expect(dead!.callsWhileDead).toBeGreaterThan(5);
  });
  it('mesh-retry-storm-budget: the same storm takes hold, then a 10% retry budget lets goodput come back where plain retries stay at zero', () => {
    const budget = run('mesh-retry-storm-budget');
    expect(budget.summary.violations).toEqual([]);
    const ok = budget.okPerSecond(7);
    expect(Math.max(...ok.slice(7, 12))).toBeLessThan(10);
    expect(Math.min(...ok.slice(16, 20))).toBeGreaterThan(40);
  });

  it('mesh-retry-storm-deadlines / -throttle: deadlines alone drop dead work but the storm holds; with adaptive throttling it is gone a second after the trigger', () => {
    const metric = (trace: TraceEvent[], name: string) => {
      const per = Array.from({ length: 20 }, () => 0);
      for (const e of trace) if (e.kind === 'metric' && e.name === name) per[Math.floor(e.at / 1e6)]!++;
      return per;
    };
    const traces = ['mesh-retry-storm-deadlines', 'mesh-retry-storm-throttle'].map((id) => {
      const { trace, summary } = runBuiltin(`${id}.json`);
      expect(summary.violations, id).toEqual([]);
      return trace;
    });
    const [deadlines, throttled] = traces as [TraceEvent[], TraceEvent[]];
    // Both drop calls whose deadline passed (payments' queues are full of them from 5 s).
    expect(metric(deadlines, 'expired')[6]).toBeGreaterThan(50);
    expect(metric(throttled, 'expired')[6]).toBeGreaterThan(50);
    // Deadlines alone: the clients' retries still bring more than payments can serve; goodput stays low.
    expect(Math.max(...metric(deadlines, 'clientOkMs').slice(8, 20))).toBeLessThan(25);
    expect(Math.min(...metric(deadlines, 'expired').slice(8, 20))).toBeGreaterThan(20);
    // With the throttle: it rejects attempts locally from 7 s, the drops stop, goodput is back from 8 s.
    const rejected = metric(throttled, 'rejected.throttle');
    expect(rejected.slice(0, 7).every((n) => n === 0)).toBe(true);
    expect(rejected[7]! + rejected[8]!).toBeGreaterThan(20);
    expect(metric(throttled, 'expired').slice(10, 20).every((n) => n === 0)).toBe(true);
    expect(Math.min(...metric(throttled, 'clientOkMs').slice(8, 20))).toBeGreaterThan(40);
    // And nothing failed while the callers started up (requests are counted at their outcome).
    expect(metric(throttled, 'clientFailedMs').slice(0, 5).every((n) => n === 0)).toBe(true);
  });

  it('mesh-header-mirror: tagged requests reach PAY3 only, the shadow CO2 only mirrored copies, and its failures never reach the client', () => {
    const { trace, summary } = runBuiltin('mesh-header-mirror.json');
    expect(summary.violations).toEqual([]);
    const calls = trace.filter((e): e is Extract<TraceEvent, { kind: 'send' }> => e.kind === 'send' && e.msg.type === 'Call');
    const toPayments = calls.filter((e) => e.node === 1 || e.node === 2);
    const tagged = toPayments.filter((e) => (e.msg as { headers?: Record<string, string> }).headers?.['x-version'] === 'canary');
    expect(tagged.length).toBeGreaterThan(5);
    expect(tagged.every((e) => e.to === 5)).toBe(true);
    expect(toPayments.filter((e) => e.to === 5).length).toBe(tagged.length);
    const toCheckout = calls.filter((e) => e.node === 0);
    expect(toCheckout.filter((e) => e.to === 2).every((e) => (e.msg as { mirror?: true }).mirror === true)).toBe(true);
    const mirror = summary.stats.mirror as { sent: number; replies: number };
    expect(mirror.sent).toBeGreaterThan(150);
    // From 7 s the shadow fails every copy; the client's errors are the tagged ones only (PAY3 fails from 4 s).
    const failed = trace.filter((e) => e.kind === 'metric' && e.name === 'clientFailedMs' && e.at > 4_500_000).length;
    const ok = trace.filter((e) => e.kind === 'metric' && e.name === 'clientOkMs' && e.at > 4_500_000).length;
    expect(failed / (failed + ok)).toBeLessThan(0.2);
    expect(failed).toBeGreaterThan(0);
  });

  it('mesh-mtls-stranger: X1\'s calls are accepted as plain text while frontend is permissive, refused once it is strict; the client is unaffected', () => {
    const { trace, summary } = runBuiltin('mesh-mtls-stranger.json');
    expect(summary.violations).toEqual([]);
    const at = (name: string, from: number, to: number) => trace.filter((e) => e.kind === 'metric' && e.name === name && e.at >= from && e.at < to).length;
    expect(at('strangerOkMs', 1_000_000, 5_000_000)).toBeGreaterThan(10);
    expect(at('mtls.plaintext', 1_000_000, 5_000_000)).toBe(at('strangerOkMs', 1_000_000, 5_000_000));
    expect(at('strangerOkMs', 5_100_000, 10_000_000)).toBe(0);
    expect(at('mtls.refused', 5_100_000, 10_000_000)).toBeGreaterThan(15);
    expect(at('clientFailedMs', 1_000_000, 10_000_000)).toBe(0);
    expect((summary.stats.mtls as { issued: number }).issued).toBe(6);
  });

  it('mesh-mtls-expiry: cut off from the CA, the checkouts\' certificates expire near 9 s; strict payments refuses them until a fresh one arrives after 13 s', () => {
    const r = run('mesh-mtls-expiry');
    expect(r.summary.violations).toEqual([]);
    const ok = r.okPerSecond(5);
    expect(Math.min(...ok.slice(1, 9))).toBeGreaterThan(10);
    expect(Math.max(...ok.slice(10, 13))).toBe(0);
    expect(Math.min(...ok.slice(14, 16))).toBeGreaterThan(10);
    const mtls = r.summary.stats.mtls as { expired: number; refused: number };
    expect(mtls.expired).toBe(2);
    expect(mtls.refused).toBeGreaterThan(50);
  });
});
