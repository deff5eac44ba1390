import { describe, expect, it } from 'vitest';
import type { TimedAction } from './actions';
import type { TraceEvent } from './trace';
import { samePlain } from './byzantine';
import { InProcessRunner } from '../runner/inprocess';
import { defaultScenario } from '../scenario/schema';
import { acceptScenario } from '../scenario/untrusted';

function pingRun(timeline: TimedAction[], untilUs = 2_000_000, monitors = true) {
  const s = defaultScenario({ protocol: 'ping', nodes: 3, seed: 8, untilUs, workload: { kind: 'none' }, timeline });
  const trace: TraceEvent[] = [];
  const runner = new InProcessRunner(s, { sink: (e) => trace.push(e), monitors }).runUntil(untilUs);
  return { runner, trace };
}

describe('a byzantine node', () => {
  it('forging pongs is caught by the ping monitor at the first forged pong', () => {
    const { runner, trace } = pingRun([{ at: 500_000, action: { kind: 'byzantine', node: 2, policy: 'forge-nonce' } }]);
    const violation = runner.violation;
    expect(violation?.invariant).toBe('Pong answers a Ping');
    const event = violation!.event as Extract<TraceEvent, { kind: 'send' }>;
    expect(event.node).toBe(2);
    expect(event.forged).toBe(true);
    expect((event.msg as unknown as { nonce: number }).nonce).toBeLessThan(0);
    // Nothing forged before the action; the run stopped at the first forged pong.
    expect(trace.filter((e) => e.kind === 'send' && e.forged).length).toBe(1);
    expect(event.at).toBeGreaterThanOrEqual(500_000);
  });

  it('an honest run and a byzantine run agree up to the action, and pings stay unforged', () => {
    const honest = pingRun([]);
    const liar = pingRun([{ at: 500_000, action: { kind: 'byzantine', node: 2, policy: 'forge-nonce' } }]);
    const before = (t: TraceEvent[]) => JSON.stringify(t.filter((e) => e.at < 500_000 && e.kind !== 'action'));
    expect(before(liar.trace)).toBe(before(honest.trace));
    const pingsOf2 = liar.trace.filter((e) => e.kind === 'send' && e.node === 2 && e.msg.type === 'Ping');
    expect(pingsOf2.length).toBeGreaterThan(0);
    expect(pingsOf2.some((e) => e.kind === 'send' && e.forged)).toBe(false);
  });

  it('a silent node withholds everything; its peers come to suspect it; honest again, they trust it', () => {
    const { runner, trace } = pingRun([
      { at: 300_000, action: { kind: 'byzantine', node: 0, policy: 'silent' } },
      { at: 1_200_000, action: { kind: 'byzantine', node: 0, policy: null } },
    ]);
    expect(runner.violation).toBeNull();
    const withheld = trace.filter((e) => e.kind === 'drop' && e.reason === 'byzantine');
    expect(withheld.length).toBeGreaterThan(10);
    expect(withheld.every((e) => e.node === 0 && e.at >= 300_000 && e.at < 1_200_000)).toBe(true);
    const delivered = trace.filter((e) => e.kind === 'deliver' && e.from === 0 && e.id.fromIncarnation === 0);
    expect(delivered.some((e) => e.kind === 'deliver' && e.sentAt >= 300_000 && e.sentAt < 1_200_000)).toBe(false);
    const suspects = trace.filter((e) => e.kind === 'observe' && e.what === 'suspect' && (e.data as { peer: number }).peer === 0);
    const trusts = trace.filter((e) => e.kind === 'observe' && e.what === 'trust' && (e.data as { peer: number }).peer === 0);
    expect(suspects.length).toBe(2);
    expect(trusts.length).toBe(2);
    expect(trusts.every((e) => e.at > 1_200_000)).toBe(true);
  });

  it('draws from its own stream: honest nodes and links draw what they drew before', () => {
    // Without monitors the run goes on past the first forged pong; S1 and S2's traffic between
    // them must not notice S3's lies (its forged nonces come from its own stream).
    const honest = pingRun([], 1_000_000, false);
    const liar = pingRun([{ at: 100_000, action: { kind: 'byzantine', node: 2, policy: 'forge-nonce' } }], 1_000_000, false);
    expect(liar.trace.filter((e) => e.kind === 'send' && e.forged).length).toBeGreaterThan(5);
    const linkDraws = (t: TraceEvent[]) =>
      t.filter((e) => e.kind === 'send' && e.node !== 2 && e.to !== 2).map((e) => (e.kind === 'send' ? [e.at, e.dueAt] : []));
    expect(linkDraws(liar.trace)).toEqual(linkDraws(honest.trace));
  });

  it('a link naming a policy its protocol does not declare is refused with the known ones', () => {
    const s = defaultScenario({ protocol: 'ping', nodes: 3, timeline: [{ at: 1, action: { kind: 'byzantine', node: 1, policy: 'lie-about-time' } }] });
    expect(() => acceptScenario(JSON.parse(JSON.stringify(s)), 'the link')).toThrow(/no byzantine policy "lie-about-time" \(it has forge-nonce, silent, equivocate\)/);
    const raft = defaultScenario({ protocol: 'raft', nodes: 3, timeline: [{ at: 1, action: { kind: 'byzantine', node: 1, policy: 'silent' } }] });
    expect(() => acceptScenario(JSON.parse(JSON.stringify(raft)), 'the link')).toThrow(/declares none/);
  });

  it('equivocating sends different stories to different peers, flagged only where it lied', () => {
    const { runner, trace } = pingRun([{ at: 300_000, action: { kind: 'byzantine', node: 0, policy: 'equivocate' } }]);
    expect(runner.violation).toBeNull();
    const pings = trace.filter((e): e is Extract<TraceEvent, { kind: 'send' }> => e.kind === 'send' && e.node === 0 && e.msg.type === 'Ping' && e.at >= 300_000);
    const toOdd = pings.filter((e) => e.to % 2 === 1);
    const toEven = pings.filter((e) => e.to % 2 === 0);
    expect(toOdd.length).toBeGreaterThan(3);
    expect(toOdd.every((e) => e.forged && (e.msg as unknown as { nonce: number }).nonce > 1_000_000)).toBe(true);
    expect(toEven.every((e) => !e.forged && (e.msg as unknown as { nonce: number }).nonce < 1_000_000)).toBe(true);
  });

  it('samePlain ignores key order and tells values apart', () => {
    expect(samePlain({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBe(true);
    expect(samePlain({ a: 1 }, { a: 2 })).toBe(false);
    expect(samePlain([1, 2], { 0: 1, 1: 2 })).toBe(false);
    expect(samePlain({ a: 1, b: undefined }, { a: 1 })).toBe(true);
  });
});
