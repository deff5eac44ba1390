import { describe, expect, it } from 'vitest';
import type { Protocol } from './protocol';
import type { TraceEvent } from './trace';
import { buildSpans, flattenSpans, type SpanNode } from './spans';
import { InProcessRunner } from '../runner/inprocess';
import { defaultScenario, parseScenario } from '../scenario/schema';

/**
 * A three-hop relay to check span propagation exactly. S1 takes an operation and asks S2 and S3;
 * S2 forwards to S3 at once and, 5 ms later from a timer, tells S1 it is done; S3 acks everything
 * to S1; S1 replies once it has three acks and the done.
 */
type RelayMsg = { type: 'Ask' } | { type: 'Forward' } | { type: 'Ack' } | { type: 'Done' };
interface RelayState {
  acks: number;
  opId: number | null;
}
const relay: Protocol<RelayState, RelayMsg> = {
  name: 'relay',
  title: 'Relay',
  configure: () => ({}),
  init: () => ({ acks: 0, opId: null }),
  onCommand(state, ctx, _command, opId) {
    state.opId = opId;
    ctx.send(1, { type: 'Ask' });
    ctx.send(2, { type: 'Ask' });
  },
  onMessage(state, ctx, _from, msg) {
    if (ctx.self === 1 && msg.type === 'Ask') {
      ctx.send(2, { type: 'Forward' });
      ctx.setTimer(5_000, 'later');
    } else if (ctx.self === 2) {
      ctx.send(0, { type: 'Ack' });
    } else if (ctx.self === 0 && (msg.type === 'Ack' || msg.type === 'Done')) {
      if (++state.acks === 3 && state.opId !== null) ctx.reply(state.opId, 'ok');
    }
  },
  onTimer(_state, ctx) {
    ctx.send(0, { type: 'Done' });
  },
  view: (state) => ({ acks: state.acks }),
};

function relayTrace(): TraceEvent[] {
  const s = parseScenario({
    version: defaultScenario({ protocol: 'ping' }).version,
    seed: 1,
    protocol: { name: 'relay' },
    nodes: 3,
    network: { latencyUs: { min: 1_000, max: 1_000 } },
    workload: { kind: 'none' },
    timeline: [{ at: 10_000, action: { kind: 'command', node: 0, command: { type: 'go' } } }],
    untilUs: 100_000,
  });
  const trace: TraceEvent[] = [];
  new InProcessRunner(s, { sink: (e) => trace.push(e), protocol: relay }).runUntil(s.untilUs);
  return trace;
}

const shape = (n: SpanNode): unknown => [n.label, n.node, n.to ?? null, n.outcome, n.children.map(shape)];

describe('spans', () => {
  it('rebuild the relay operation exactly: every hop a child of the hop that caused it', () => {
    const forest = buildSpans(relayTrace());
    expect(forest.orphans).toEqual([]);
    expect(forest.roots.length).toBe(1);
    const root = forest.roots[0]!;
    expect(shape(root)).toEqual([
      'go', 0, null, 'returned',
      [
        ['Ask', 0, 1, 'delivered', [
          ['Forward', 1, 2, 'delivered', [['Ack', 2, 0, 'delivered', []]]],
          // Sent from the timer S2 set while handling the Ask: it stays in the Ask's span.
          ['Done', 1, 0, 'delivered', []],
        ]],
        ['Ask', 0, 2, 'delivered', [['Ack', 2, 0, 'delivered', []]]],
      ],
    ]);
    // Span ids are the messages' ids, and everything is in the operation's trace.
    const all = flattenSpans(root);
    expect(all.every((n) => n.trace === root.span)).toBe(true);
    expect(all[1]!.span).toBe('0.0.1');
    expect(root.startAt).toBe(10_000);
    expect(root.endAt).toBe(10_000 + 1_000 + 5_000 + 1_000);
  });

  it('the events carry the context: deliveries, the timer and the reply name their span', () => {
    const trace = relayTrace();
    const timer = trace.find((e) => e.kind === 'timer')!;
    expect(timer.kind === 'timer' && timer.span).toEqual({ trace: 'op1073741824', span: '0.0.1' });
    const ret = trace.find((e) => e.kind === 'return')!;
    expect(ret.kind === 'return' && ret.span?.trace).toBe('op1073741824');
    // The boot is in no trace.
    expect(trace.filter((e) => e.kind === 'start').every((e) => !('span' in e))).toBe(true);
  });

  it('a lost hop ends its span as dropped', () => {
    const trace = relayTrace();
    // Pretend the forward was lost: replace its delivery by a drop.
    const i = trace.findIndex((e) => e.kind === 'deliver' && e.msgType === 'Forward');
    const d = trace[i] as Extract<TraceEvent, { kind: 'deliver' }>;
    const edited = [...trace.slice(0, i), { ...d, kind: 'drop', to: d.node, reason: 'loss', msgType: 'Forward' } as TraceEvent, ...trace.slice(i + 1)];
    const forward = flattenSpans(buildSpans(edited).roots[0]!).find((n) => n.label === 'Forward')!;
    expect(forward.outcome).toBe('dropped');
  });

  it('in a Raft run every span hangs under its cause, sender = receiver of the parent hop', () => {
    const s = defaultScenario({ protocol: 'raft', nodes: 5, seed: 6, untilUs: 3_000_000, network: { lossRate: 0.05 } });
    const trace: TraceEvent[] = [];
    new InProcessRunner(s, { sink: (e) => trace.push(e) }).runUntil(s.untilUs);
    const forest = buildSpans(trace);
    expect(forest.orphans).toEqual([]);
    expect(forest.roots.length).toBe(trace.filter((e) => e.kind === 'invoke').length);
    let hops = 0;
    for (const root of forest.roots) {
      for (const node of flattenSpans(root)) {
        for (const child of node.children) {
          hops++;
          expect(child.node).toBe(node.kind === 'operation' ? node.node : node.to);
          expect(child.startAt).toBeGreaterThanOrEqual(node.kind === 'operation' ? node.startAt : node.endAt!);
        }
      }
    }
    expect(hops).toBeGreaterThan(0);
  });
});
