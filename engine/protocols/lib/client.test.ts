import { describe, expect, it } from 'vitest';
import type { TimedAction } from '../../kernel/actions';
import type { NodeContext, Protocol, Timer } from '../../kernel/protocol';
import type { TraceEvent } from '../../kernel/trace';
import { InProcessRunner } from '../../runner/inprocess';
import { defaultScenario, type Scenario } from '../../scenario/schema';
import { answerClient, clientAnswer, clientInvoke, clientTimeout, initClient, redirectClient, type ClientOptions, type ClientRequest, type ClientState } from './client';

/**
 * A tiny key-value echo to try the client helper on: servers answer every request with who
 * served it, except that a server told to (`redirectTo` in its group's config) sends clients to
 * another server instead. Clients are nodes of their own, fed by the workload.
 */
type TinyState = { client: ClientState | null; served: number };
const OPTIONS: ClientOptions = { serverKind: 'server', timeoutUs: 50_000, maxAttempts: 3 };

const tiny: Protocol<TinyState, { type: string }, { type: string; value: number }, null> = {
  name: 'tiny-echo',
  title: 'Tiny echo',
  topology: { main: 'server', kinds: { server: { prefix: 'S', title: 'Server' }, client: { prefix: 'C', title: 'Client', defaultCount: 2 } } },
  configure: () => null,
  init: (ctx) => ({ client: ctx.kind === 'client' ? initClient() : null, served: 0 }),
  onCommand(state, ctx, command, opId) {
    if (state.client) clientInvoke(state.client, ctx as NodeContext, OPTIONS, command, opId);
  },
  onMessage(state, ctx, from, msg) {
    if (state.client) {
      clientAnswer(state.client, ctx as NodeContext, OPTIONS, from, msg);
      return;
    }
    if (msg.type !== 'ClientRequest') return;
    const request = msg as ClientRequest;
    const to = ctx.groupConfig.redirectTo;
    if (typeof to === 'number' && to !== ctx.self) return redirectClient(ctx as NodeContext, from, request, to);
    state.served++;
    answerClient(ctx as NodeContext, from, request, { ok: true, echoed: request.command.value, by: ctx.nameOf(ctx.self), attempt: request.attempt });
  },
  onTimer(state, ctx, timer: Timer) {
    if (state.client) clientTimeout(state.client, ctx as NodeContext, OPTIONS, timer);
  },
  view: (state) => ({ ...state }),
  workload: () => ({ intervalUs: 20_000, target: 'client', makeCommand: (n) => ({ type: 'echo', value: n }) }),
};

function scenario(timeline: TimedAction[], serverConfig?: Record<string, unknown>): Scenario {
  return defaultScenario({
    protocol: 'tiny-echo',
    seed: 5,
    untilUs: 1_000_000,
    topology: { groups: [{ kind: 'server', count: 3, ...(serverConfig ? { config: serverConfig } : {}) }, { kind: 'client', count: 2 }] },
    timeline,
  });
}

function run(s: Scenario) {
  const events: TraceEvent[] = [];
  const runner = new InProcessRunner(s, { protocol: tiny as never, sink: (e) => void events.push(e) }).runUntil(s.untilUs);
  const invokes = events.filter((e): e is Extract<TraceEvent, { kind: 'invoke' }> => e.kind === 'invoke');
  const returns = new Map(events.filter((e): e is Extract<TraceEvent, { kind: 'return' }> => e.kind === 'return').map((e) => [e.opId, e]));
  return { events, invokes, returns, runner };
}

describe('the client-node helper', () => {
  it('clients are nodes of their own: the workload goes to them, their requests cross the network to the first server', () => {
    const { invokes, returns, events } = run(scenario([]));
    expect(invokes.length).toBeGreaterThan(40);
    expect(new Set(invokes.map((e) => e.node))).toEqual(new Set([3, 4]));
    const requests = events.filter((e) => e.kind === 'send' && e.msg.type === 'ClientRequest');
    expect(requests.length).toBe(invokes.length);
    // Every operation but those still in flight at the end returned, from S1, on the first try.
    const answered = invokes.filter((e) => returns.has(e.opId));
    expect(answered.length).toBeGreaterThanOrEqual(invokes.length - 2);
    for (const e of answered) {
      expect(returns.get(e.opId)!.result).toEqual({ ok: true, echoed: e.opId, by: 'S1', attempt: 1 });
      expect(returns.get(e.opId)!.node).toBe(e.node);
    }
  });

  it('a server that crashes: the client times out and tries the next one, which it then keeps', () => {
    const { invokes, returns } = run(scenario([{ at: 300_000, action: { kind: 'crash', node: 0 } }]));
    const after = invokes.filter((e) => e.at > 400_000 && returns.has(e.opId));
    expect(after.length).toBeGreaterThan(10);
    for (const e of after) expect(returns.get(e.opId)!.result).toMatchObject({ by: 'S2', attempt: 1 });
    // Operations caught by the crash came back from S2 on a later try, a timeout after.
    const retried = [...returns.values()].filter((r) => (r.result as { attempt?: number }).attempt === 2);
    expect(retried.length).toBeGreaterThan(0);
    for (const r of retried) expect(r.result).toMatchObject({ by: 'S2' });
  });

  it('a cut link is a lost request like any other; with no server left an operation fails after its tries', () => {
    const cut = run(scenario([{ at: 200_000, action: { kind: 'cut', from: 3, to: 0, oneWay: true } }]));
    const fromC1 = cut.invokes.filter((e) => e.node === 3 && e.at > 300_000 && cut.returns.has(e.opId));
    expect(fromC1.length).toBeGreaterThan(5);
    for (const e of fromC1) expect(cut.returns.get(e.opId)!.result).toMatchObject({ by: 'S2' });
    const allDown = run(scenario([0, 1, 2].map((node) => ({ at: 500_000, action: { kind: 'crash' as const, node } }))));
    const failed = [...allDown.returns.values()].filter((r) => (r.result as { ok: boolean }).ok === false);
    expect(failed.length).toBeGreaterThan(3);
    expect(failed[0]!.result).toEqual({ ok: false, error: 'no answer after 3 tries' });
    // Three tries, a timeout each: a failure comes 150 ms after its operation began.
    const began = new Map(allDown.invokes.map((e) => [e.opId, e.at]));
    for (const r of failed) expect(r.at - began.get(r.opId)!).toBe(3 * OPTIONS.timeoutUs);
  });

  it('a redirect sends the client to the server it names at once', () => {
    const { invokes, returns } = run(scenario([], { redirectTo: 2 }));
    const answered = invokes.filter((e) => returns.has(e.opId));
    expect(answered.length).toBeGreaterThan(40);
    // S1 (told to redirect, as all servers are, to S3) sends the first requests on; S3 serves.
    for (const e of answered) expect(returns.get(e.opId)!.result).toMatchObject({ by: 'S3' });
    expect(answered.filter((e) => (returns.get(e.opId)!.result as { attempt: number }).attempt === 2).length).toBeGreaterThanOrEqual(1);
  });

  it('a run with clients replays from a snapshot to the same trace', () => {
    const s = scenario([{ at: 300_000, action: { kind: 'crash', node: 0 } }]);
    const whole = new InProcessRunner(s, { protocol: tiny as never }).runUntil(s.untilUs).summary().traceHash;
    const snapshot = new InProcessRunner(s, { protocol: tiny as never }).runUntil(320_000).snapshot();
    const resumed = new InProcessRunner(s, { protocol: tiny as never }, snapshot).runUntil(s.untilUs).summary().traceHash;
    expect(resumed).toBe(whole);
  });
});
