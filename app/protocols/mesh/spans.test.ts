import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../../engine/kernel/trace';
import { retryStorm, retryStormDeadlines } from '../../../engine/protocols/mesh/builtin-scenarios';
import { InProcessRunner } from '../../../engine/runner/inprocess';
import { defaultRequest, outcomeWords, summarize } from './span-words';
import { MeshSpanIndex, spansAt, type SpanAttempt, type SpanHop } from './spans';
import { resumeAt } from './use-spans';

/**
 * The span builder (spans.ts) on synthetic traces written as the mesh's engine writes them
 * (engine/protocols/mesh/sidecar.ts, mesh.ts), then on a real run of the retry storm.
 */
const FE1 = 0;
const CO1 = 1;
const CO2 = 2;
const PAY1 = 3;
const C1 = 5;

/** A little trace writer: each node's events get increasing seqs, messages increasing ids. */
function writer() {
  const events: TraceEvent[] = [];
  const seqs = new Map<number, number>();
  const seq = (node: number) => {
    const n = (seqs.get(node) ?? 0) + 1;
    seqs.set(node, n);
    return n;
  };
  const base = (at: number, node: number) => ({ at, node, incarnation: 0, seq: seq(node) });
  return {
    events,
    /** Sends a message; returns its sequence number, for its delivery. */
    send(at: number, node: number, to: number, msg: Record<string, unknown>): number {
      const b = base(at, node);
      events.push({ ...b, kind: 'send', to, id: { from: node, fromIncarnation: 0, fromSeq: b.seq }, dueAt: at + 1000, msg: msg as { type: string } });
      return b.seq;
    },
    deliver(at: number, node: number, from: number, fromSeq: number, msgType: string) {
      events.push({ ...base(at, node), kind: 'deliver', from, id: { from, fromIncarnation: 0, fromSeq }, sentAt: at - 1000, msgType });
    },
    drop(at: number, node: number, from: number, fromSeq: number, msgType: string) {
      events.push({ ...base(at, node), kind: 'drop', from, to: node, id: { from, fromIncarnation: 0, fromSeq }, reason: 'loss', msgType });
    },
    timer(at: number, node: number, name: string) {
      events.push({ ...base(at, node), kind: 'timer', timer: 1, name });
    },
    metric(at: number, node: number, name: string, value: number) {
      events.push({ ...base(at, node), kind: 'metric', name, value });
    },
    observe(at: number, node: number, what: string, data: Record<string, unknown>) {
      events.push({ ...base(at, node), kind: 'observe', what, data });
    },
    crash(at: number, node: number) {
      events.push({ ...base(at, node), kind: 'crash' });
    },
  };
}

const call = (callId: number, trace: string, route: string, attempt: number) => ({ type: 'Call', callId, route, attempt, trace });
const callBy = (callId: number, trace: string, route: string, attempt: number, deadlineUs: number) => ({ ...call(callId, trace, route, attempt), deadlineUs });
const reply = (callId: number, status: string) => ({ type: 'Reply', callId, status });
const shape = (hop: SpanHop | null): unknown =>
  hop && { caller: hop.caller, outcome: hop.outcome, attempts: hop.attempts.map((a: SpanAttempt) => ({ to: a.callee, n: a.attempt, outcome: a.outcome, detail: a.detail, child: shape(a.child) })) };

/**
 * C1-1 down the chain: C1 → FE1 → CO1 → PAY1. CO1's first call to PAY1 times out at 309 ms
 * (its late answer is ignored), the retry succeeds, and the answers climb back up.
 */
function nestedRun() {
  const w = writer();
  const m1 = w.send(0, C1, FE1, call(1, 'C1-1', 'client>frontend', 1));
  w.deliver(1_000, FE1, C1, m1, 'Call');
  w.timer(3_000, FE1, 'work');
  const m2 = w.send(3_000, FE1, CO1, call(1, 'C1-1', 'frontend>checkout', 1));
  w.deliver(4_000, CO1, FE1, m2, 'Call');
  w.timer(9_000, CO1, 'work');
  const m3 = w.send(9_000, CO1, PAY1, call(1, 'C1-1', 'checkout>payments', 1));
  w.deliver(10_000, PAY1, CO1, m3, 'Call');
  w.timer(309_000, CO1, 'timeout');
  w.timer(309_500, PAY1, 'work');
  const late = w.send(309_500, PAY1, CO1, reply(1, 'ok'));
  w.deliver(310_500, CO1, PAY1, late, 'Reply');
  w.timer(320_000, CO1, 'retry');
  const m4 = w.send(320_000, CO1, PAY1, call(2, 'C1-1', 'checkout>payments', 2));
  w.deliver(321_000, PAY1, CO1, m4, 'Call');
  w.timer(340_000, PAY1, 'work');
  const m5 = w.send(340_000, PAY1, CO1, reply(2, 'ok'));
  w.deliver(341_000, CO1, PAY1, m5, 'Reply');
  w.metric(341_000, CO1, 'requestOkMs', 332);
  const m6 = w.send(341_000, CO1, FE1, reply(1, 'ok'));
  w.deliver(342_000, FE1, CO1, m6, 'Reply');
  const m7 = w.send(342_000, FE1, C1, reply(1, 'ok'));
  w.deliver(343_000, C1, FE1, m7, 'Reply');
  w.metric(343_000, C1, 'clientOkMs', 343);
  return w.events;
}

describe('the span builder', () => {
  it('nests each callee\'s calls under the attempt it served, retries side by side, a timeout ending its attempt', () => {
    const index = spansAt(nestedRun(), Infinity);
    const [t] = index.recent();
    expect(t!.id).toBe('C1-1');
    expect(shape(t!.root)).toEqual({
      caller: C1,
      outcome: 'ok',
      attempts: [
        {
          to: FE1, n: 1, outcome: 'ok', detail: null,
          child: {
            caller: FE1,
            outcome: 'ok',
            attempts: [
              {
                to: CO1, n: 1, outcome: 'ok', detail: null,
                child: {
                  caller: CO1,
                  outcome: 'ok',
                  attempts: [
                    { to: PAY1, n: 1, outcome: 'timeout', detail: null, child: null },
                    { to: PAY1, n: 2, outcome: 'ok', detail: null, child: null },
                  ],
                },
              },
            ],
          },
        },
      ],
    });
    const payments = t!.root.attempts[0]!.child!.attempts[0]!.child!.attempts;
    expect([payments[0]!.startUs, payments[0]!.endUs, payments[1]!.startUs, payments[1]!.endUs]).toEqual([9_000, 309_000, 320_000, 341_000]);
    expect(outcomeWords(payments[0]!, 0)).toBe('timed out after 300 ms');
    expect(summarize(t!, 400_000).text).toBe('C1-1 ok after 1 attempt, 343 ms');
  });

  it('cut at an earlier time (time travel) shows what was known then: open spans waiting, no outcome from the future', () => {
    const events = nestedRun();
    const at200 = spansAt(events, 200_000).get('C1-1')!;
    const hop200 = at200.root.attempts[0]!.child!.attempts[0]!.child!;
    expect(hop200.attempts.map((a) => [a.outcome, a.endUs])).toEqual([['pending', null]]);
    expect(at200.root.outcome).toBe('pending');
    expect(summarize(at200, 200_000).text).toBe('C1-1 in flight, 1 attempt so far, 200 ms');
    expect(outcomeWords(hop200.attempts[0]!, 200_000)).toBe('waiting, 191 ms so far');

    const at315 = spansAt(events, 315_000).get('C1-1')!;
    expect(at315.root.attempts[0]!.child!.attempts[0]!.child!.attempts.map((a) => a.outcome)).toEqual(['timeout']);
    // Folding in pieces (as the page does, status by status) gives the same as folding at once.
    const pieces = new MeshSpanIndex();
    for (const e of events) pieces.fold(e);
    expect(shape(pieces.get('C1-1')!.root)).toEqual(shape(spansAt(events, Infinity).get('C1-1')!.root));
  });

  it('tells each outcome: overloaded, refused by mTLS, an error, an unknown status, a lost message, rejections by a breaker and at arrival, a budget', () => {
    const w = writer();
    // C1-7: FE1 overloaded; retry to FE1 refused by mTLS; third attempt: FE1 answers an error after CO2's breaker rejected its call.
    const a1 = w.send(0, C1, FE1, call(1, 'C1-7', 'client>frontend', 1));
    w.deliver(1_000, FE1, C1, a1, 'Call');
    const r1 = w.send(1_000, FE1, C1, reply(1, 'overloaded'));
    w.deliver(2_000, C1, FE1, r1, 'Reply');
    w.timer(5_000, C1, 'retry');
    const a2 = w.send(5_000, C1, FE1, call(2, 'C1-7', 'client>frontend', 2));
    w.deliver(6_000, FE1, C1, a2, 'Call');
    const r2 = w.send(6_000, FE1, C1, reply(2, 'refused'));
    w.deliver(7_000, C1, FE1, r2, 'Reply');
    w.timer(9_000, C1, 'retry');
    const a3 = w.send(9_000, C1, FE1, call(3, 'C1-7', 'client>frontend', 3));
    w.deliver(10_000, FE1, C1, a3, 'Call');
    w.timer(12_000, FE1, 'work');
    w.metric(12_000, FE1, 'rejected.breaker', 1);
    w.metric(12_000, FE1, 'requestFailedMs', 0);
    const r3 = w.send(12_000, FE1, C1, reply(3, 'error'));
    w.deliver(13_000, C1, FE1, r3, 'Reply');
    w.metric(13_000, C1, 'clientFailedMs', 13);
    // C1-8: rejected by the client's rate limiter at its arrival, before any call.
    w.timer(20_000, C1, 'arrival');
    w.metric(20_000, C1, 'rejected.rate', 1);
    w.metric(20_000, C1, 'clientFailedMs', 0);
    // C1-9: a status this view does not know; C1-10: the call lost, then the timeout, then the budget says no retry.
    const b1 = w.send(30_000, C1, FE1, call(4, 'C1-9', 'client>frontend', 1));
    w.deliver(31_000, FE1, C1, b1, 'Call');
    const rb = w.send(31_000, FE1, C1, reply(4, 'deadline-exceeded'));
    w.deliver(32_000, C1, FE1, rb, 'Reply');
    w.metric(32_000, C1, 'clientFailedMs', 2);
    const c1 = w.send(40_000, C1, FE1, call(5, 'C1-10', 'client>frontend', 1));
    w.drop(41_000, FE1, C1, c1, 'Call');
    w.timer(1_040_000, C1, 'timeout');
    w.metric(1_040_000, C1, 'rejected.budget', 1);
    w.metric(1_040_000, C1, 'clientFailedMs', 1000);
    const index = spansAt(w.events, Infinity);

    expect(index.recent().map((t) => t.id)).toEqual(['C1-10', 'C1-9', 'C1-8', 'C1-7']);
    const seven = index.get('C1-7')!;
    expect(shape(seven.root)).toEqual({
      caller: C1,
      outcome: 'failed',
      attempts: [
        { to: FE1, n: 1, outcome: 'overloaded', detail: null, child: null },
        { to: FE1, n: 2, outcome: 'refused', detail: null, child: null },
        { to: FE1, n: 3, outcome: 'error', detail: null, child: { caller: FE1, outcome: 'failed', attempts: [{ to: null, n: 1, outcome: 'rejected', detail: 'breaker', child: null }] } },
      ],
    });
    expect(summarize(seven, 0).text).toBe('C1-7 failed after 3 attempts, 13 ms');
    expect(outcomeWords(seven.root.attempts[2]!.child!.attempts[0]!, 0)).toBe('rejected by its circuit breaker, never sent');
    expect(outcomeWords(seven.root.attempts[1]!, 0)).toBe('refused by mTLS after 2 ms');

    const eight = index.get('C1-8')!;
    expect(shape(eight.root)).toEqual({ caller: C1, outcome: 'failed', attempts: [{ to: null, n: 1, outcome: 'rejected', detail: 'rate', child: null }] });
    expect(index.get('C1-9')!.root.attempts[0]!).toMatchObject({ outcome: 'other', detail: 'deadline-exceeded' });
    expect(outcomeWords(index.get('C1-9')!.root.attempts[0]!, 0)).toBe('answered "deadline-exceeded" after 2 ms');
    const ten = index.get('C1-10')!;
    expect(ten.root).toMatchObject({ outcome: 'failed', gaveUp: 'budget', endUs: 1_040_000 });
    expect(ten.root.attempts[0]).toMatchObject({ outcome: 'timeout', dropped: 'loss' });
    expect(outcomeWords(ten.root.attempts[0]!, 0)).toBe('timed out after 1000 ms (lost in the network)');
    expect(index.unattributed).toBe(0);
    expect(defaultRequest(index.recent())!.id).toBe('C1-10');
  });

  it('a crash loses its caller\'s attempts; memory keeps only the newest requests; the default is the newest finished one', () => {
    const w = writer();
    for (let i = 1; i <= 4; i++) {
      const m = w.send(i * 10_000, C1, FE1, call(i, `C1-${i}`, 'client>frontend', 1));
      w.deliver(i * 10_000 + 1_000, FE1, C1, m, 'Call');
      if (i < 4) {
        const r = w.send(i * 10_000 + 2_000, FE1, C1, reply(i, 'ok'));
        w.deliver(i * 10_000 + 3_000, C1, FE1, r, 'Reply');
      }
    }
    const index = new MeshSpanIndex({ keep: 2 });
    for (const e of w.events) index.fold(e);
    expect(index.recent().map((t) => t.id)).toEqual(['C1-4', 'C1-3']);
    expect(index.get('C1-1')).toBeUndefined();
    expect(defaultRequest(index.recent())!.id).toBe('C1-3');
    w.crash(50_000, C1);
    index.fold(w.events[w.events.length - 1]!);
    expect(index.get('C1-4')!.root.attempts[0]).toMatchObject({ outcome: 'lost', endUs: 50_000 });
    expect(index.get('C1-4')!.root.outcome).toBe('failed');
  });

  it('the page folds only what a status appended, and starts over when the user scrubbed back before what it folded', () => {
    const events = nestedRun();
    const last = events[9]!;
    // Appended (and the page's cap dropping the oldest events): go on after the last folded.
    expect(resumeAt(events, last)).toBe(10);
    expect(resumeAt(events.slice(3), last)).toBe(7);
    // Scrubbed back to before it (the page keeps events before the restart, then the replay's): start over.
    const rewound = events.filter((e) => e.at < last.at).concat(events.filter((e) => e.at >= last.at).map((e) => ({ ...e })));
    expect(resumeAt(rewound, last)).toBe(-1);
    expect(resumeAt([], null)).toBe(0);
    expect(resumeAt([], last)).toBe(-1);
  });

  it('on a real retry storm: every attempt goes where its route says, retries nest under one hop, and spans end after they start', () => {
    const trace: TraceEvent[] = [];
    new InProcessRunner(retryStorm(), { sink: (e) => trace.push(e) }).runUntil(8_000_000);
    const index = spansAt(trace, 8_000_000);
    const recent = index.recent();
    expect(recent.length).toBe(200);
    const kinds = ['frontend', 'frontend', 'checkout', 'checkout', 'payments', 'payments', 'payments', 'client', 'registry'];
    let retried = 0;
    let timeouts = 0;
    const walk = (hop: SpanHop, depth: number) => {
      expect(hop.attempts.map((a) => a.attempt)).toEqual(hop.attempts.map((_, i) => i + 1));
      if (hop.attempts.length > 1) retried++;
      for (const a of hop.attempts) {
        if (a.callee !== null) expect(kinds[a.callee]).toBe(a.route.split('>')[1]);
        expect(kinds[a.caller]).toBe(a.route.split('>')[0]);
        if (a.endUs !== null) expect(a.endUs).toBeGreaterThanOrEqual(a.startUs);
        if (a.outcome === 'timeout') {
          timeouts++;
          expect(a.endUs! - a.startUs).toBe(300_000);
        }
        if (a.child) {
          expect(a.child.startUs).toBeGreaterThanOrEqual(a.startUs);
          // An answer the caller got was sent when the callee's own request ended.
          if (a.outcome === 'ok' || a.outcome === 'error') expect(a.child.endUs).toBeLessThanOrEqual(a.endUs!);
          if (a.outcome === 'ok') expect(a.child.outcome).toBe('ok');
          walk(a.child, depth + 1);
        }
      }
    };
    for (const t of recent) walk(t.root, 0);
    expect(retried).toBeGreaterThan(0);
    expect(timeouts).toBeGreaterThan(0);
    expect(recent.some((t) => t.root.outcome === 'failed' && t.root.attempts.length === 3)).toBe(true);
  });

  it('with deadlines: a timeout is matched to the call whose deadline it is (not the oldest waiting), a call dropped at the callee is "dropped: deadline passed", a retry past the deadline is not sent', () => {
    const w = writer();
    // C1 has two requests out at FE1: C1-1's call, older, may wait 300 ms; C1-2's, sent 10 ms
    // later, only 50 ms (a request deadline). The first timeout is C1-2's, though C1-1's is older.
    const a1 = w.send(0, C1, FE1, callBy(1, 'C1-1', 'client>frontend', 1, 300_000));
    w.deliver(1_000, FE1, C1, a1, 'Call');
    const a2 = w.send(10_000, C1, FE1, callBy(2, 'C1-2', 'client>frontend', 1, 60_000));
    w.deliver(11_000, FE1, C1, a2, 'Call');
    w.timer(60_000, C1, 'timeout');
    // No retry: the request's deadline has passed (sidecar.ts rejects it unsent).
    w.metric(60_000, C1, 'rejected.deadline', 1);
    w.metric(60_000, C1, 'clientFailedMs', 50);
    // FE1 drops C1-2's call unstarted when it reaches the head of its queue, after the timeout.
    w.observe(70_000, FE1, 'deadline-expired', { from: C1, callId: 2, lateMs: 10, waitedMs: 59 });
    // C1-1's call: FE1 drops it at its deadline, the same instant as C1's timeout but traced before it.
    w.observe(300_000, FE1, 'deadline-expired', { from: C1, callId: 1, lateMs: 0, waitedMs: 299 });
    w.timer(300_000, C1, 'timeout');
    const index = spansAt(w.events, Infinity);
    const one = index.get('C1-1')!.root.attempts[0]!;
    const two = index.get('C1-2')!.root.attempts;
    expect(two[0]).toMatchObject({ outcome: 'expired', endUs: 60_000, deadlineUs: 60_000, expired: { atUs: 70_000, waitedMs: 59 } });
    expect(one).toMatchObject({ outcome: 'expired', endUs: 300_000, expired: { atUs: 300_000 } });
    expect(outcomeWords(two[0]!, 0)).toMatch(/^dropped: deadline passed, timed out after 50 ms, never started \(\S+ dropped it after 59 ms in its queue\)$/);
    expect(two[1]).toMatchObject({ outcome: 'rejected', detail: 'deadline', callee: null });
    expect(outcomeWords(two[1]!, 0)).toBe("not sent: the request's deadline had passed");
    expect(index.get('C1-2')!.root.gaveUp).toBe('deadline');
    expect(summarize(index.get('C1-2')!, 0).text).toBe('C1-2 past its deadline after 2 attempts, 50 ms');
    // Cut between the timeout and the drop: a plain timeout then (time travel shows what was known).
    expect(spansAt(w.events, 65_000).get('C1-2')!.root.attempts[0]!.outcome).toBe('timeout');
    // Without deadlines the same two timeouts go to the oldest waiting attempt first (the old inference).
    const plain = w.events.map((e) => (e.kind === 'send' ? { ...e, msg: { ...e.msg, deadlineUs: undefined } } : e));
    expect(spansAt(plain, 60_000).get('C1-1')!.root.attempts[0]!.outcome).toBe('timeout');
    expect(spansAt(plain, 60_000).get('C1-2')!.root.attempts[0]!.outcome).toBe('pending');
  });

  it('on the retry storm with deadlines: every timeout ends at its call\'s deadline, payments\' drops show as "dropped", none of them served', () => {
    const trace: TraceEvent[] = [];
    new InProcessRunner(retryStormDeadlines(), { sink: (e) => trace.push(e) }).runUntil(8_000_000);
    const index = spansAt(trace, 8_000_000, { keep: 400 });
    const drops = trace.filter((e) => e.kind === 'observe' && e.what === 'deadline-expired').length;
    let timedOut = 0;
    let expired = 0;
    const walk = (hop: SpanHop) => {
      for (const a of hop.attempts) {
        if (a.callee !== null) expect(a.deadlineUs).not.toBeNull();
        if (a.outcome === 'timeout' || a.outcome === 'expired') {
          timedOut++;
          expect(a.endUs).toBe(a.deadlineUs);
        }
        if (a.outcome === 'expired') {
          expired++;
          expect(a.expired!.atUs).toBeGreaterThanOrEqual(a.deadlineUs!);
          expect(a.child).toBeNull();
        }
        if (a.child) walk(a.child);
      }
    };
    for (const t of index.recent()) walk(t.root);
    expect(drops).toBeGreaterThan(0);
    expect(timedOut).toBeGreaterThan(0);
    expect(expired).toBeGreaterThan(0);
  });
});
