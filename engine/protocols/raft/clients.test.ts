import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TimedAction } from '../../kernel/actions';
import type { TraceEvent } from '../../kernel/trace';
import { InProcessRunner } from '../../runner/inprocess';
import { chaosTimeline } from '../../scenario/chaos';
import { defaultScenario, type Scenario } from '../../scenario/schema';

/**
 * Raft serving its key-value store to client nodes (client-node.ts, client.ts): 5 servers
 * (ids 0-4, S1-S5) and 3 clients (ids 5-7, C1-C3). The workload's operations are invoked at the
 * clients, cross the network as requests, and return at the clients.
 */
const SERVERS = 5;
const CLIENTS = 3;
const clientIds = [5, 6, 7];

type ScenarioParts = Partial<Parameters<typeof defaultScenario>[0]>;

function scenario(timeline: TimedAction[], over: ScenarioParts = {}, seed = 11): Scenario {
  return defaultScenario({
    protocol: 'raft',
    nodes: SERVERS + CLIENTS,
    seed,
    untilUs: 3_000_000,
    config: { readFraction: 0.3 },
    topology: { groups: [{ kind: 'server', count: SERVERS }, { kind: 'client', count: CLIENTS }] },
    timeline,
    ...over,
  });
}

type Send = Extract<TraceEvent, { kind: 'send' }>;
type Invoke = Extract<TraceEvent, { kind: 'invoke' }>;
type Return = Extract<TraceEvent, { kind: 'return' }>;

function run(s: Scenario) {
  const events: TraceEvent[] = [];
  const runner = new InProcessRunner(s, { sink: (e) => void events.push(e) }).runUntil(s.untilUs);
  const summary = runner.summary();
  const invokes = events.filter((e): e is Invoke => e.kind === 'invoke');
  const returns = new Map(events.filter((e): e is Return => e.kind === 'return').map((e) => [e.opId, e]));
  const sends = events.filter((e): e is Send => e.kind === 'send');
  const requests = sends.filter((e) => e.msg.type === 'ClientRequest' && clientIds.includes(e.node));
  return { events, runner, summary, invokes, returns, sends, requests };
}

/** The leader of the first term, from a run without faults. */
function firstLeader(): number {
  const { events } = run(scenario([], { untilUs: 1_000_000 }));
  const leader = events.find((e) => e.kind === 'observe' && e.what === 'leader');
  return leader!.node;
}

const ok = (r: Return | undefined) => (r?.result as { ok?: boolean } | undefined)?.ok === true;

describe('Raft with client nodes', () => {
  it('clients get answers: operations are invoked and return at the clients, and the history is linearizable', () => {
    const { summary, invokes, returns, requests } = run(scenario([]));
    expect(summary.violations).toEqual([]);
    expect(invokes.length).toBeGreaterThan(250);
    expect(new Set(invokes.map((e) => e.node))).toEqual(new Set(clientIds));
    // Every operation is a request on the network; answers return at the client that asked.
    expect(requests.length).toBeGreaterThanOrEqual(invokes.length);
    const answered = invokes.filter((e) => ok(returns.get(e.opId)));
    expect(answered.length).toBeGreaterThan(invokes.length - 20);
    for (const e of answered) expect(returns.get(e.opId)!.node).toBe(e.node);
    const stats = summary.stats as Record<string, unknown>;
    expect(stats.historyReads).toBeGreaterThan(50);
    expect(stats.linearizable).toBe(true);
  });

  it('a follower redirects a client to the leader it knows, and the client then asks the leader', () => {
    const leader = firstLeader();
    expect(leader).not.toBe(0); // else S1, the first server a client asks, would need no redirect
    const { sends, requests } = run(scenario([]));
    const redirects = sends.filter((e) => e.msg.type === 'ClientRedirect');
    expect(redirects.length).toBeGreaterThan(0);
    for (const r of redirects) {
      expect(r.node).toBeLessThan(SERVERS);
      expect(clientIds).toContain(r.to);
      expect((r.msg as unknown as { to: number }).to).toBe(leader);
    }
    // Once the redirects have done their work (requests sent before the first election time out
    // and are tried again first), each client sends everything to the leader.
    for (const c of clientIds) {
      expect(redirects.some((r) => r.to === c)).toBe(true);
      const later = requests.filter((e) => e.node === c && e.at > 500_000);
      expect(later.length).toBeGreaterThan(20);
      for (const e of later) expect(e.to).toBe(leader);
    }
  });

  it('a crashed leader: clients time out, retry elsewhere, find the new leader, and the history stays linearizable', () => {
    const leader = firstLeader();
    const { summary, invokes, returns, requests, events } = run(scenario([{ at: 1_000_000, action: { kind: 'crash', node: leader } }]));
    expect(summary.violations).toEqual([]);
    const newLeader = events.find((e) => e.kind === 'observe' && e.what === 'leader' && e.at > 1_000_000)!.node;
    expect(newLeader).not.toBe(leader);
    // Operations in flight at the crash were tried again (attempt 2 or later) and some returned ok.
    const retried = new Set(requests.filter((e) => (e.msg as unknown as { attempt: number }).attempt >= 2 && e.at > 1_000_000).map((e) => (e.msg as unknown as { opId: number }).opId));
    expect(retried.size).toBeGreaterThan(0);
    expect([...retried].some((opId) => ok(returns.get(opId)))).toBe(true);
    // Well after the new election, operations are answered again, by the new leader.
    const late = invokes.filter((e) => e.at > 2_000_000 && e.at < 2_800_000);
    expect(late.filter((e) => ok(returns.get(e.opId))).length).toBeGreaterThan(late.length - 5);
    expect(requests.filter((e) => e.at > 2_000_000).every((e) => e.to === newLeader)).toBe(true);
    expect((summary.stats as Record<string, unknown>).linearizable).toBe(true);
  });

  it('a cut client link is a lost request: the cut client times out, the others are unharmed', () => {
    const leader = firstLeader();
    const c1 = clientIds[0]!;
    const { summary, invokes, returns } = run(scenario([{ at: 1_000_000, action: { kind: 'cut', from: c1, to: leader, oneWay: true } }]));
    expect(summary.violations).toEqual([]);
    const window = (node: number) => invokes.filter((e) => e.node === node && e.at > 1_100_000 && e.at < 2_000_000);
    // C1 is sent back to the leader by every follower (§8: clients talk to the leader), so its
    // operations fail after their tries or are still waiting at the end: none succeeds.
    expect(window(c1).length).toBeGreaterThan(10);
    expect(window(c1).some((e) => ok(returns.get(e.opId)))).toBe(false);
    const failed = window(c1).map((e) => returns.get(e.opId)).filter((r) => r !== undefined);
    for (const r of failed) expect(r!.result).toEqual({ ok: false, error: 'no answer after 10 tries' });
    for (const other of clientIds.slice(1)) {
      const ops = window(other);
      expect(ops.filter((e) => ok(returns.get(e.opId))).length).toBeGreaterThan(ops.length - 3);
    }
    expect((summary.stats as Record<string, unknown>).linearizable).toBe(true);
  });

  // Without the leader's look-up (client.ts findClientWrite returning null), this run appends
  // retried writes twice and the history monitor reports "Linearizability: these 186 operations
  // cannot be linearized" (tried by hand on 2026-12-05).
  it('a retried write is applied once (thesis §6.3): lost answers make clients retry, and no write is in the log twice', () => {
    const leader = firstLeader();
    // The leader's answers to C1 are lost for 600 ms: C1's writes commit, their answers vanish,
    // C1 retries them at the other servers, which send it back to the leader.
    const c1 = clientIds[0]!;
    const { summary, runner, requests, returns } = run(
      scenario([
        { at: 1_000_000, action: { kind: 'cut', from: leader, to: c1, oneWay: true } },
        { at: 1_600_000, action: { kind: 'restore', from: leader, to: c1, oneWay: true } },
      ], { config: { readFraction: 0.3, snapshotThreshold: 0 } }),
    );
    expect(summary.violations).toEqual([]);
    const retriedWrites = requests.filter((e) => e.node === c1 && (e.msg as unknown as { attempt: number }).attempt >= 2 && (e.msg as unknown as { command: { type: string } }).command.type === 'write');
    expect(retriedWrites.length).toBeGreaterThan(0);
    // Some retried write got its answer after the restore: the leader found its entry.
    expect(retriedWrites.some((e) => ok(returns.get((e.msg as unknown as { opId: number }).opId)))).toBe(true);
    const view = runner.views().find((v) => v.id === leader)!;
    expect(view.up).toBe(true);
    const log = (view.view as unknown as { protocol: { log: { kind: string; value: unknown }[] } }).protocol.log.filter((e) => e.kind === 'write');
    expect(log.length).toBeGreaterThan(100);
    expect(new Set(log.map((e) => e.value)).size).toBe(log.length);
    expect((summary.stats as Record<string, unknown>).linearizable).toBe(true);
  });

  it('chaos with clients (crashes, partitions, cut links, loss): every client history is linearizable', () => {
    let runs = 0;
    let judged = 0;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (seed) => {
        const untilUs = 5_000_000;
        const chaos = chaosTimeline({ seed, nodes: SERVERS + CLIENTS, untilUs, meanGapUs: 200_000, baseLossRate: 0.05 });
        const network = { ...defaultScenario({ protocol: 'raft', seed }).network, lossRate: 0.05, duplicateRate: 0.02 };
        // A lighter load than the default (one operation per 40 ms): a client's operation can stay
        // open for seconds of retries, and with one every 10 ms the checker's search found no
        // verdict within its budget in half of these runs (`'unknown'`, not a violation).
        const s = { ...scenario(chaos.timeline, { untilUs, network, workload: { kind: 'interval', intervalUs: 40_000 } }, seed), healedAtUs: chaos.healedAtUs };
        const { summary } = run(s);
        runs++;
        const stats = summary.stats as Record<string, unknown>;
        if (summary.violations.length > 0 || stats.linearizable === false) {
          throw new Error(`seed ${seed}: ${JSON.stringify(summary.violations)} linearizable=${String(stats.linearizable)}`);
        }
        if (stats.linearizable === true) judged++;
        else console.log(`seed ${seed}: no verdict (${String(stats.linearizabilityNote)})`);
      }),
      { numRuns: 20, seed: 20261205 },
    );
    expect(runs).toBe(20);
    // Not vacuous: the checker judged (reads returned, the search finished) in most runs.
    expect(judged).toBeGreaterThanOrEqual(16);
  });
});
