import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../engine/kernel/trace';
import type { LessonCondition } from '../../engine/scenario/lesson';
import { DEFAULT_NETWORK } from '../store/defaults';
import { captureEntry, conditionHolds, describeCondition } from './conditions';
import { world } from './test-world';
import type { LessonWorld } from './world';

const F = (term = 1, commitIndex = 0) => ({ role: 'follower', term, commitIndex });
const L = (term = 1, commitIndex = 0) => ({ role: 'leader', term, commitIndex });
const C = (term = 1) => ({ role: 'candidate', term });

const observe = (at: number, node: number, what: string, data: Record<string, unknown>): TraceEvent => ({
  at,
  node,
  incarnation: 0,
  seq: at,
  kind: 'observe',
  what,
  data,
});

const holds = (c: LessonCondition, now: LessonWorld, then: LessonWorld = now) => conditionHolds(c, now, captureEntry(then));

describe('lesson conditions', () => {
  it('leaderElected: any running leader, a minimum term, or a term newer than at the step start', () => {
    const none = world([F(), F(), C(), F(), F()]);
    const one = world([F(), L(1), F(), F(), F()]);
    const two = world([F(2), null, L(2), F(2), F(2)]);
    expect(holds({ kind: 'raft.leaderElected' }, none)).toBe(false);
    expect(holds({ kind: 'raft.leaderElected' }, one)).toBe(true);
    expect(holds({ kind: 'raft.leaderElected', minTerm: 2 }, one)).toBe(false);
    expect(holds({ kind: 'raft.leaderElected', minTerm: 2 }, two)).toBe(true);
    expect(holds({ kind: 'raft.leaderElected', newTerm: true }, one, one)).toBe(false);
    expect(holds({ kind: 'raft.leaderElected', newTerm: true }, two, one)).toBe(true);
    // A crashed leader is no leader.
    expect(holds({ kind: 'raft.leaderElected' }, world([F(), null, F(), F(), F()]))).toBe(false);
  });

  it('time and elapsed count virtual milliseconds', () => {
    const at = (now: number) => world([F()], { now });
    expect(holds({ kind: 'time', atMs: 2 }, at(1_999))).toBe(false);
    expect(holds({ kind: 'time', atMs: 2 }, at(2_000))).toBe(true);
    expect(holds({ kind: 'elapsed', ms: 1 }, at(1_500), at(1_000))).toBe(false);
    expect(holds({ kind: 'elapsed', ms: 1 }, at(2_000), at(1_000))).toBe(true);
  });

  it('nodeCrashed: the leader of the step start, a follower, anyone, or one server', () => {
    const before = world([F(), L(), F(), F(), F()]);
    const leaderDown = world([F(), null, F(), F(), F()]);
    const followerDown = world([null, L(), F(), F(), F()]);
    expect(holds({ kind: 'nodeCrashed', who: 'leader' }, before, before)).toBe(false);
    expect(holds({ kind: 'nodeCrashed', who: 'leader' }, leaderDown, before)).toBe(true);
    expect(holds({ kind: 'nodeCrashed', who: 'leader' }, followerDown, before)).toBe(false);
    expect(holds({ kind: 'nodeCrashed', who: 'follower' }, leaderDown, before)).toBe(false);
    expect(holds({ kind: 'nodeCrashed', who: 'follower' }, followerDown, before)).toBe(true);
    expect(holds({ kind: 'nodeCrashed', who: 'any' }, leaderDown, before)).toBe(true);
    expect(holds({ kind: 'nodeCrashed', who: 0 }, followerDown, before)).toBe(true);
    expect(holds({ kind: 'nodeCrashed', who: 2 }, followerDown, before)).toBe(false);
  });

  it('nodeCrashed leader: without a leader at the start, the last one observed in the trace', () => {
    const trace = [observe(100, 3, 'leader', { term: 1 })];
    const before = world([F(), F(), F(), F(1), F()], { trace, now: 200 });
    const after = world([F(), F(), F(), null, F()], { trace, now: 300 });
    expect(captureEntry(before).roles.leader).toEqual([3]);
    expect(holds({ kind: 'nodeCrashed', who: 'leader' }, after, before)).toBe(true);
    expect(describeCondition({ kind: 'nodeCrashed', who: 'leader' }, captureEntry(before), 'raft')).toBe('crash the leader (S4)');
  });

  it('nodeRestarted and nodesDown', () => {
    const down = world([null, L(), null, F(), F()]);
    const oneBack = world([F(), L(), null, F(), F()]);
    expect(holds({ kind: 'nodeRestarted', who: 'any' }, down, down)).toBe(false);
    expect(holds({ kind: 'nodeRestarted', who: 'any' }, oneBack, down)).toBe(true);
    expect(holds({ kind: 'nodeRestarted', who: 2 }, oneBack, down)).toBe(false);
    expect(holds({ kind: 'nodeRestarted', who: 0 }, oneBack, down)).toBe(true);
    expect(holds({ kind: 'nodesDown', atLeast: 2 }, down)).toBe(true);
    expect(holds({ kind: 'nodesDown', atLeast: 2 }, oneBack)).toBe(false);
    // Spare slots outside the configuration are not "down members".
    const spares = world([F(), L(), F(), F(), F(), null, null, null]);
    expect(holds({ kind: 'nodesDown', atLeast: 1 }, spares)).toBe(false);
  });

  it('committedAtLeast and committedMore read the highest commitIndex of a running server', () => {
    const early = world([F(1, 3), L(1, 4), F(1, 4), null, F(1, 2)]);
    const later = world([F(1, 6), L(1, 7), F(1, 7), null, F(1, 6)]);
    expect(holds({ kind: 'raft.committedAtLeast', index: 4 }, early)).toBe(true);
    expect(holds({ kind: 'raft.committedAtLeast', index: 5 }, early)).toBe(false);
    expect(holds({ kind: 'raft.committedMore', count: 3 }, later, early)).toBe(true);
    expect(holds({ kind: 'raft.committedMore', count: 4 }, later, early)).toBe(false);
  });

  it('partitioned and healed read the links', () => {
    const whole = world([F()]);
    const cut = world([F()], { links: { cuts: ['0>1'], groups: null, network: DEFAULT_NETWORK } });
    const split = world([F()], { links: { cuts: [], groups: [[0, 1], [2, 3, 4]], network: DEFAULT_NETWORK } });
    expect([holds({ kind: 'partitioned' }, whole), holds({ kind: 'healed' }, whole)]).toEqual([false, true]);
    expect([holds({ kind: 'partitioned' }, cut), holds({ kind: 'healed' }, cut)]).toEqual([true, false]);
    expect([holds({ kind: 'partitioned' }, split), holds({ kind: 'healed' }, split)]).toEqual([true, false]);
  });

  it('termAtLeast', () => {
    expect(holds({ kind: 'raft.termAtLeast', term: 3 }, world([F(2), C(3)]))).toBe(true);
    expect(holds({ kind: 'raft.termAtLeast', term: 3 }, world([F(2), null]))).toBe(false);
  });

  it('splitVote: a term with candidates, no leader, and a later election', () => {
    const trace = [
      observe(100, 0, 'election', { term: 1 }),
      observe(101, 2, 'election', { term: 1 }),
      observe(300, 2, 'election', { term: 2 }),
      observe(320, 2, 'leader', { term: 2 }),
    ];
    const w = (now: number, t = trace) => world([F(2)], { now, trace: t });
    const splitVoteSince = (now: LessonWorld, from: number) => holds({ kind: 'raft.splitVote' }, now, world([F(2)], { now: from }));
    expect(splitVoteSince(w(200), 0)).toBe(false); // term 1 may still be won
    expect(splitVoteSince(w(400), 0)).toBe(true);
    expect(splitVoteSince(w(400), 250)).toBe(false); // only term 2 since then, and it was won
    const won = [observe(100, 0, 'election', { term: 1 }), observe(120, 0, 'leader', { term: 1 }), observe(300, 1, 'election', { term: 2 })];
    expect(splitVoteSince(w(400, won), 0)).toBe(false);
  });

  it('observed counts observations since the step start, optionally from one server', () => {
    const trace = [observe(100, 1, 'truncate', { from: 3 }), observe(500, 2, 'truncate', { from: 3 }), observe(600, 2, 'commit', { index: 4 })];
    const now = world([F()], { now: 700, trace });
    const start = world([F()], { now: 200 });
    expect(holds({ kind: 'observed', what: 'truncate' }, now, start)).toBe(true);
    expect(holds({ kind: 'observed', what: 'truncate', atLeast: 2 }, now, start)).toBe(false);
    expect(holds({ kind: 'observed', what: 'truncate', atLeast: 2 }, now, world([F()], { now: 0 }))).toBe(true);
    expect(holds({ kind: 'observed', what: 'truncate', node: 1 }, now, start)).toBe(false);
    // After a seek back, events beyond `now` do not count.
    expect(holds({ kind: 'observed', what: 'commit' }, world([F()], { now: 550, trace }), start)).toBe(false);
  });

  it('delivered counts messages of a type delivered since the step start, optionally to one node', () => {
    const deliver = (at: number, node: number, msgType: string): TraceEvent => ({ at, node, incarnation: 0, seq: at, kind: 'deliver', from: 0, id: { from: 0, fromIncarnation: 0, fromSeq: at }, sentAt: at - 10, msgType }) as TraceEvent;
    const trace = [deliver(100, 1, 'Ping'), deliver(400, 2, 'Ping'), deliver(450, 2, 'Pong')];
    const start = world([F()], { now: 200 });
    expect(holds({ kind: 'delivered', type: 'Ping' }, world([F()], { now: 500, trace }), start)).toBe(true);
    expect(holds({ kind: 'delivered', type: 'Ping', atLeast: 2 }, world([F()], { now: 500, trace }), start)).toBe(false);
    expect(holds({ kind: 'delivered', type: 'Ping', to: 1 }, world([F()], { now: 500, trace }), start)).toBe(false);
    expect(holds({ kind: 'delivered', type: 'Pong' }, world([F()], { now: 420, trace }), start)).toBe(false);
    expect(describeCondition({ kind: 'delivered', type: 'Ping', to: 1 }, null)).toBe('a Ping message delivered to S2');
  });

  it('a protocol word of another protocol never holds, and an unknown one reads as itself', () => {
    const led = world([F(), L(), F()]);
    expect(holds({ kind: 'raft.leaderElected' }, led)).toBe(true);
    expect(holds({ kind: 'raft.leaderElected' }, { ...led, protocol: 'ping' }, led)).toBe(false);
    expect(holds({ kind: 'ping.nothing' }, led)).toBe(false);
    expect(describeCondition({ kind: 'raft.nothing' }, null)).toBe('"raft.nothing"');
  });

  it('logsAgree: no index holds two different terms on running servers', () => {
    const agree = world([
      { role: 'leader', term: 2, log: [[1, 1], [2, 2], [3, 2]] },
      { role: 'follower', term: 2, log: [[1, 1], [2, 2]] },
      null,
    ]);
    const conflict = world([
      { role: 'leader', term: 2, log: [[1, 1], [2, 2]] },
      { role: 'follower', term: 1, log: [[1, 1], [2, 1]] },
    ]);
    expect(holds({ kind: 'raft.logsAgree' }, agree)).toBe(true);
    expect(holds({ kind: 'raft.logsAgree' }, conflict)).toBe(false);
  });

  it('memberCount reads the leader\'s configuration', () => {
    const six = world([L(1), F(), F(), F(), F(), F()].map((n) => ({ ...n, members: [0, 1, 2, 3, 4, 5] })));
    expect(holds({ kind: 'raft.memberCount', atLeast: 6 }, six)).toBe(true);
    expect(holds({ kind: 'raft.memberCount', atMost: 5 }, six)).toBe(false);
    expect(holds({ kind: 'raft.memberCount', atLeast: 6 }, world([L(), F(), F(), F(), F()]))).toBe(false);
  });

  it('network reads the network model now: the upper latency bound in ms, the loss rate', () => {
    const net = (min: number, max: number, lossRate: number) =>
      world([F()], { links: { cuts: [], groups: null, network: { latencyUs: { min, max }, lossRate, duplicateRate: 0 } } });
    const calm = world([F()]);
    const slow = net(100_000, 150_000, 0);
    const lossy = net(10_000, 15_000, 0.25);
    expect([calm, slow, lossy].map((w) => holds({ kind: 'network', latencyMaxAtLeastMs: 100 }, w))).toEqual([false, true, false]);
    expect([calm, slow, lossy].map((w) => holds({ kind: 'network', latencyMaxAtMostMs: 15 }, w))).toEqual([true, false, true]);
    expect([calm, slow, lossy].map((w) => holds({ kind: 'network', lossAtLeast: 0.2 }, w))).toEqual([false, false, true]);
    expect([calm, slow, lossy].map((w) => holds({ kind: 'network', latencyMaxAtMostMs: 15, lossAtMost: 0 }, w))).toEqual([true, false, false]);
    expect(holds({ kind: 'network', latencyMaxAtLeastMs: 100, lossAtLeast: 0.1 }, net(100_000, 150_000, 0.1))).toBe(true);
  });

  it('describes every condition in a few plain words', () => {
    const entry = captureEntry(world([F(), L(), F()]));
    const all: LessonCondition[] = [
      { kind: 'raft.leaderElected' },
      { kind: 'raft.leaderElected', newTerm: true },
      { kind: 'time', atMs: 3000 },
      { kind: 'elapsed', ms: 500 },
      { kind: 'nodeCrashed', who: 'leader' },
      { kind: 'nodeCrashed', who: 2 },
      { kind: 'nodeRestarted', who: 'any' },
      { kind: 'nodesDown', atLeast: 3 },
      { kind: 'raft.committedAtLeast', index: 4 },
      { kind: 'raft.committedMore', count: 1 },
      { kind: 'partitioned' },
      { kind: 'healed' },
      { kind: 'raft.termAtLeast', term: 2 },
      { kind: 'raft.splitVote' },
      { kind: 'observed', what: 'truncate' },
      { kind: 'raft.logsAgree' },
      { kind: 'network', latencyMaxAtLeastMs: 100, lossAtMost: 0 },
      { kind: 'raft.memberCount', atLeast: 6, atMost: 6 },
    ];
    const texts = all.map((c) => describeCondition(c, entry, 'raft'));
    expect(texts.slice(0, 6)).toEqual([
      'a leader to be elected',
      'a new leader, in a later term',
      't = 3.000 s',
      '500 ms of simulated time',
      'crash the leader (S2)',
      'crash S3',
    ]);
    expect(texts.at(-1)).toBe('6 members');
    expect(texts.at(-2)).toBe('a network with latency up to 100 ms or more and no message loss (Latency and Loss in the toolbar)');
    for (const t of texts) expect(t).not.toMatch(/[<>]/);
  });
});
