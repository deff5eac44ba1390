import { describe, expect, it } from 'vitest';
import { USER_OP_BASE, type Actor } from '../../../engine/kernel/actions';
import type { TraceEvent } from '../../../engine/kernel/trace';
import { InProcessRunner } from '../../../engine/runner/inprocess';
import { defaultScenario } from '../../../engine/scenario/schema';
import { IncrementalDescriber } from '../../narrate/describer';
import { splitSteps } from '../../narrate/steps';
import type { LogLine } from '../../narrate/types';
import { describeTrace, raftNarrator } from './describe';

/**
 * A tiny trace writer for hand-made traces: events get per-node sequence numbers the way a
 * node host numbers them, and message ids are remembered so replies can name what they answer.
 */
function tracer() {
  const events: TraceEvent[] = [];
  const seq = new Map<number, number>();
  const msgSeq = new Map<number, number>();
  const nextSeq = (node: number) => {
    const s = (seq.get(node) ?? 0) + 1;
    seq.set(node, s);
    return s;
  };
  const t = {
    events,
    at: 0,
    time(ms: number) {
      t.at = ms * 1000;
      return t;
    },
    push(node: number, e: Record<string, unknown>) {
      events.push({ at: t.at, node, incarnation: 0, seq: nextSeq(node), ...e } as TraceEvent);
      return t;
    },
    timer(node: number, name: string) {
      return t.push(node, { kind: 'timer', timer: 1, name });
    },
    observe(node: number, what: string, data: Record<string, unknown>) {
      return t.push(node, { kind: 'observe', what, data });
    },
    /** Sends and returns the message's id, for the matching deliver. */
    send(from: number, to: number, msg: Record<string, unknown>) {
      const fromSeq = (msgSeq.get(from) ?? 0) + 1;
      msgSeq.set(from, fromSeq);
      const id = { from, fromIncarnation: 0, fromSeq };
      t.push(from, { kind: 'send', to, id, dueAt: t.at + 10_000, msg });
      return id;
    },
    deliver(to: number, id: { from: number; fromIncarnation: number; fromSeq: number }, msgType: string) {
      return t.push(to, { kind: 'deliver', from: id.from, id, sentAt: t.at - 10_000, msgType });
    },
    /** An action event; `by` who acted (absent: the scenario itself). */
    action(action: Record<string, unknown>, by?: Actor) {
      events.push({ at: t.at, node: -1, incarnation: 0, seq: events.length + 1, kind: 'action', action, ...(by ? { by } : {}) } as TraceEvent);
      return t;
    },
  };
  return t;
}

const texts = (lines: LogLine[]) => lines.map((l) => l.text);
const major = (lines: LogLine[]) => lines.filter((l) => l.importance === 'major').map((l) => l.text);

/** A three-node cluster where S3 (node 2) times out and wins term 4 with S1's vote. */
function election() {
  const t = tracer();
  // Everyone knows term 3 from an earlier life.
  for (const n of [0, 1, 2]) t.push(n, { kind: 'start', recovered: true }).observe(n, 'recover', { term: 3, votedFor: null, logLength: 5 });
  t.time(100).timer(2, 'election').observe(2, 'term', { term: 4 }).observe(2, 'vote', { term: 4, for: 2 });
  t.observe(2, 'role', { role: 'candidate', term: 4 }).observe(2, 'election', { term: 4 });
  const toS1 = t.send(2, 0, { type: 'RequestVote', term: 4, lastLogIndex: 5, lastLogTerm: 3 });
  const toS2 = t.send(2, 1, { type: 'RequestVote', term: 4, lastLogIndex: 5, lastLogTerm: 3 });
  t.time(110).deliver(0, toS1, 'RequestVote').observe(0, 'term', { term: 4 }).observe(0, 'vote', { term: 4, for: 2 });
  const yes = t.send(0, 2, { type: 'RequestVoteResponse', term: 4, granted: true });
  t.time(111).deliver(1, toS2, 'RequestVote').observe(1, 'term', { term: 4 });
  const no = t.send(1, 2, { type: 'RequestVoteResponse', term: 4, granted: false });
  t.time(120).deliver(2, yes, 'RequestVoteResponse').observe(2, 'role', { role: 'leader', term: 4 }).observe(2, 'leader', { term: 4 });
  t.observe(2, 'append', { index: 6, terms: [4], values: [null] });
  t.send(2, 0, { type: 'AppendEntries', term: 4, prevLogIndex: 5, prevLogTerm: 3, entries: [{ term: 4, kind: 'noop' }], leaderCommit: 0, round: 1 });
  t.time(121).deliver(2, no, 'RequestVoteResponse');
  return t;
}

describe('splitSteps', () => {
  it('cuts at triggers and at changes of node or instant', () => {
    const t = election();
    const steps = splitSteps(t.events);
    // 3 starts, the timeout, 2 vote requests, 2 responses.
    expect(steps.map((s) => s[0]!.kind)).toEqual(['start', 'start', 'start', 'timer', 'deliver', 'deliver', 'deliver', 'deliver']);
    expect(steps[3]!.length).toBe(7);
  });
});

describe('describeTrace: elections', () => {
  it('folds a timeout, a term change and the candidacy into one sentence', () => {
    const lines = describeTrace(election().events);
    expect(texts(lines)).toContain("S3's election timer fired: it is now a candidate in term 4, votes for itself and asks S1 and S2 for votes");
  });

  it('names who voted for the winner and who refused, and why', () => {
    const lines = describeTrace(election().events);
    expect(major(lines)).toEqual(
      expect.arrayContaining([
        'S1 learned of term 4 from S3 and voted for S3',
        "S2 learned of term 4 from S3 and refused to vote for S3 in term 4 (S3's log is less up to date)",
        'S3 won the election for term 4 with votes from S3 and S1',
      ]),
    );
    // A late refusal after winning is routine.
    const last = lines[lines.length - 1]!;
    expect(last.importance).toBe('minor');
    expect(last.text).toBe('S3 got a refused vote from S2 (2 granted so far, counting its own)');
  });

  it('explains a refusal by an earlier vote', () => {
    const t = tracer();
    t.push(0, { kind: 'start', recovered: false });
    t.time(5).observe(0, 'term', { term: 2 }).observe(0, 'vote', { term: 2, for: 1 });
    const id = t.send(2, 0, { type: 'RequestVote', term: 2, lastLogIndex: 0, lastLogTerm: 0 });
    t.time(15).deliver(0, id, 'RequestVote');
    t.send(0, 2, { type: 'RequestVoteResponse', term: 2, granted: false });
    expect(texts(describeTrace(t.events))).toContain('S1 refused to vote for S3 in term 2 (it already voted for S2)');
  });

  it('tells a pre-vote round and its win', () => {
    const t = tracer();
    t.time(100).timer(0, 'election').observe(0, 'role', { role: 'precandidate', term: 1 });
    const a = t.send(0, 1, { type: 'PreVote', term: 2, lastLogIndex: 3, lastLogTerm: 1 });
    t.send(0, 2, { type: 'PreVote', term: 2, lastLogIndex: 3, lastLogTerm: 1 });
    t.time(110).deliver(1, a, 'PreVote');
    const yes = t.send(1, 0, { type: 'PreVoteResponse', term: 1, granted: true });
    t.time(120).deliver(0, yes, 'PreVoteResponse').observe(0, 'term', { term: 2 }).observe(0, 'vote', { term: 2, for: 0 });
    t.observe(0, 'role', { role: 'candidate', term: 2 }).observe(0, 'election', { term: 2 });
    t.send(0, 1, { type: 'RequestVote', term: 2, lastLogIndex: 3, lastLogTerm: 1 });
    t.send(0, 2, { type: 'RequestVote', term: 2, lastLogIndex: 3, lastLogTerm: 1 });
    expect(texts(describeTrace(t.events))).toEqual([
      "S1's election timer fired: it asks S2 and S3 for pre-votes for term 2",
      'S2 granted S1 a pre-vote for term 2',
      'S1 won a majority of pre-votes (S1 and S2): it is now a candidate in term 2, votes for itself and asks S2 and S3 for votes',
    ]);
  });

  it('tells a pre-candidate that tries again, and counts its new round afresh', () => {
    const t = tracer();
    t.time(100).timer(0, 'election').observe(0, 'role', { role: 'precandidate', term: 1 });
    t.send(0, 1, { type: 'PreVote', term: 2, lastLogIndex: 3, lastLogTerm: 1 });
    t.time(300).timer(0, 'election');
    const again = t.send(0, 1, { type: 'PreVote', term: 2, lastLogIndex: 3, lastLogTerm: 1 });
    t.time(310).deliver(1, again, 'PreVote');
    const no = t.send(1, 0, { type: 'PreVoteResponse', term: 1, granted: false });
    t.time(320).deliver(0, no, 'PreVoteResponse');
    expect(texts(describeTrace(t.events))).toEqual([
      "S1's election timer fired: it asks S2 for pre-votes for term 2",
      "S1's election timer fired: it asks S2 for pre-votes for term 2",
      'S2 refused S1 a pre-vote for term 2',
      'S1 got a refused pre-vote from S2 (1 granted so far, counting its own)',
    ]);
  });

  it('says when a leader steps down for lack of a quorum', () => {
    const t = tracer();
    t.time(1).observe(0, 'term', { term: 3 }).observe(0, 'role', { role: 'leader', term: 3 });
    t.time(500).timer(0, 'heartbeat').observe(0, 'role', { role: 'follower', term: 3 });
    const line = describeTrace(t.events).at(-1)!;
    expect(line.text).toMatch(/^S1 stepped down as leader of term 3: it has not heard from a majority/);
    expect(line.importance).toBe('major');
  });
});

describe('describeTrace: replication', () => {
  it('reports a stale AppendEntries with both terms', () => {
    const t = tracer();
    const id = t.send(4, 1, { type: 'AppendEntries', term: 3, prevLogIndex: 7, prevLogTerm: 3, entries: [], leaderCommit: 7, round: 9 });
    t.time(10).deliver(1, id, 'AppendEntries');
    t.send(1, 4, { type: 'AppendEntriesResponse', term: 4, success: false, rejectedIndex: 7, hintIndex: 0, hintTerm: 0, round: 9 });
    const [line] = describeTrace(t.events);
    expect(line).toMatchObject({ text: 'S2 rejected AppendEntries from S5 (stale term 3 < 4)', importance: 'major', topic: 'reject' });
  });

  it('reports a log mismatch and then the truncation that repairs it', () => {
    const t = tracer();
    t.push(3, { kind: 'start', recovered: true }).observe(3, 'recover', { term: 2, votedFor: 0, logLength: 12 });
    const probe = t.send(1, 3, { type: 'AppendEntries', term: 3, prevLogIndex: 12, prevLogTerm: 3, entries: [], leaderCommit: 10, round: 4 });
    t.time(10).deliver(3, probe, 'AppendEntries').observe(3, 'term', { term: 3 });
    t.send(3, 1, { type: 'AppendEntriesResponse', term: 3, success: false, rejectedIndex: 12, hintIndex: 9, hintTerm: 2, round: 4 });
    const fix = t.send(1, 3, { type: 'AppendEntries', term: 3, prevLogIndex: 9, prevLogTerm: 2, entries: [{}, {}, {}, {}], leaderCommit: 10, round: 5 });
    t.time(30).deliver(3, fix, 'AppendEntries').observe(3, 'truncate', { from: 10 });
    t.observe(3, 'append', { index: 10, terms: [3, 3, 3, 3], values: [1, 2, 3, 4] }).observe(3, 'commit', { index: 10, term: 3 });
    t.send(3, 1, { type: 'AppendEntriesResponse', term: 3, success: true, matchIndex: 13, round: 5 });
    const lines = describeTrace(t.events);
    expect(texts(lines)).toEqual([
      'S4 restarted: it recovered term 2, its vote for S1 and 12 log entries from disk and waits as a follower',
      "S4 learned of term 3 from S2, now follows leader S2 and rejected S2's AppendEntries: its entry 12 is not of term 3",
      'S4 removed its conflicting entries 10–12, appended entries 10–13 (term 3) and learned that entries up to 10 are committed',
    ]);
    expect(lines.every((l) => l.importance === 'major')).toBe(true);
  });

  it('keeps plain heartbeats minor and summarises a heartbeat round', () => {
    const t = tracer();
    t.time(1).observe(0, 'term', { term: 1 }).observe(0, 'role', { role: 'leader', term: 1 });
    t.time(50).timer(0, 'heartbeat');
    const hb = t.send(0, 1, { type: 'AppendEntries', term: 1, prevLogIndex: 4, prevLogTerm: 1, entries: [], leaderCommit: 4, round: 2 });
    t.send(0, 2, { type: 'AppendEntries', term: 1, prevLogIndex: 2, prevLogTerm: 1, entries: [{}, {}], leaderCommit: 4, round: 2 });
    t.time(60).deliver(1, hb, 'AppendEntries');
    t.send(1, 0, { type: 'AppendEntriesResponse', term: 1, success: true, matchIndex: 4, round: 2 });
    const lines = describeTrace(t.events).slice(-2);
    expect(lines.map((l) => [l.text, l.importance])).toEqual([
      ['S1 sent entries 3–4 to S3 and heartbeats to S2', 'minor'],
      // S2 had no leader on record yet: hearing one is news.
      ['S2 now follows leader S1', 'major'],
    ]);
    t.time(110).deliver(1, hb, 'AppendEntries');
    expect(describeTrace(t.events).at(-1)).toMatchObject({ text: 'S2 got a heartbeat from S1', importance: 'minor' });
  });

  it("marks a leader's first commit in its term as important, later ones as routine", () => {
    const t = tracer();
    t.time(1).observe(0, 'term', { term: 2 }).observe(0, 'role', { role: 'leader', term: 2 });
    const r1 = t.send(1, 0, { type: 'AppendEntriesResponse', term: 2, success: true, matchIndex: 17, round: 1 });
    const r2 = t.send(1, 0, { type: 'AppendEntriesResponse', term: 2, success: true, matchIndex: 18, round: 2 });
    t.time(10).deliver(0, r1, 'AppendEntriesResponse').observe(0, 'commit', { index: 17, term: 2 });
    t.time(20).deliver(0, r2, 'AppendEntriesResponse').observe(0, 'commit', { index: 18, term: 2 });
    t.push(0, { kind: 'return', opId: 5, result: { ok: true, index: 18 } });
    // The first line is the hand-made set-up ("S1 moved to term 2 and won the election ...").
    const lines = describeTrace(t.events).slice(1);
    expect(lines.map((l) => [l.text, l.importance])).toEqual([
      ['S1 committed entries up to 17 (its first commit in term 2: every earlier entry is committed with it)', 'major'],
      ['S1 committed entries up to 18 and answered 1 client request', 'minor'],
    ]);
  });
});

describe('describeTrace: faults and the user', () => {
  it('folds a crash action into the crash and counts the messages lost with it', () => {
    const t = tracer();
    t.time(2000).action({ kind: 'crash', node: 1 }, 'user').push(1, { kind: 'crash' });
    for (const seq of [3, 4]) t.push(1, { kind: 'drop', from: 0, to: 1, id: { from: 0, fromIncarnation: 0, fromSeq: seq }, reason: 'crash', msgType: 'AppendEntries' });
    const lines = describeTrace(t.events);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      text: 'The user crashed S2: it keeps only its disk (term, vote, log), and the 2 messages on the way to it are lost',
      node: 1,
      at: 2_000_000,
      topic: 'crash',
    });
  });

  it('describes network actions with arrows', () => {
    const t = tracer();
    t.action({ kind: 'cut', from: 0, to: 2, oneWay: true }).action({ kind: 'cut', from: 1, to: 3, oneWay: false });
    t.action({ kind: 'partition', groups: [[0, 1], [2, 3, 4]] }).action({ kind: 'heal' }).action({ kind: 'network', lossRate: 0.2 });
    expect(texts(describeTrace(t.events))).toEqual([
      'Network: S1 ⇸ S3 cut one way',
      'Network: S2 ⇹ S4 cut both ways',
      'Network: partitioned into {S1, S2} | {S3, S4, S5}',
      'Network: healed, every link works again',
      'Network: loss 20%',
    ]);
  });

  it('says why a message was lost, at send and on arrival', () => {
    const t = tracer();
    const id = t.send(0, 3, { type: 'AppendEntries', term: 1, prevLogIndex: 0, prevLogTerm: 0, entries: [{}], leaderCommit: 0, round: 1 });
    t.time(12).push(3, { kind: 'drop', from: 0, to: 3, id, reason: 'link-down', msgType: 'AppendEntries' });
    t.time(20).timer(0, 'heartbeat');
    const id2 = t.send(0, 2, { type: 'AppendEntries', term: 1, prevLogIndex: 1, prevLogTerm: 1, entries: [], leaderCommit: 1, round: 2 });
    t.push(0, { kind: 'drop', from: 0, to: 2, id: id2, reason: 'node-down', msgType: 'AppendEntries' });
    const lines = texts(describeTrace(t.events));
    expect(lines).toContain('Message AppendEntries S1→S4 was lost (link down)');
    expect(lines).toContain('S1 sent heartbeats to S3, but it was lost (S3 is down)');
  });

  it('folds a lost pre-vote round into the timeout that sent it', () => {
    const t = tracer();
    t.time(100).timer(4, 'election').observe(4, 'role', { role: 'precandidate', term: 1 });
    for (const to of [0, 1]) {
      const id = t.send(4, to, { type: 'PreVote', term: 2, lastLogIndex: 3, lastLogTerm: 1 });
      t.push(4, { kind: 'drop', from: 4, to, id, reason: 'link-down', msgType: 'PreVote' });
    }
    expect(texts(describeTrace(t.events))).toEqual([
      "S5's election timer fired: it asks S1 and S2 for pre-votes for term 2, but all were lost (link down)",
    ]);
  });

  it('adds lost replies to the sentence of the step that sent them', () => {
    const t = tracer();
    const id = t.send(2, 1, { type: 'RequestVote', term: 2, lastLogIndex: 0, lastLogTerm: 0 });
    t.time(10).deliver(1, id, 'RequestVote').observe(1, 'term', { term: 2 }).observe(1, 'vote', { term: 2, for: 2 });
    const reply = t.send(1, 2, { type: 'RequestVoteResponse', term: 2, granted: true });
    t.push(1, { kind: 'drop', from: 1, to: 2, id: reply, reason: 'link-down', msgType: 'RequestVoteResponse' });
    expect(texts(describeTrace(t.events))).toEqual([
      'S2 learned of term 2 from S3 and voted for S3; lost on the way: RequestVoteResponse S2→S3 (link down)',
    ]);
  });

  it("tells a user's write from its request to its answer", () => {
    const t = tracer();
    t.time(1).observe(0, 'term', { term: 1 }).observe(0, 'role', { role: 'leader', term: 1 });
    const op = USER_OP_BASE + 2;
    t.time(100).action({ kind: 'command', node: 1, command: { type: 'write', value: 999 } }, 'lesson');
    t.push(1, { kind: 'invoke', opId: op, command: { type: 'write', value: 999 } });
    t.send(1, 0, { type: 'ClientRequest', term: 1, opId: op, command: { type: 'write', value: 999 } });
    t.time(150).push(0, { kind: 'return', opId: op, result: { ok: true, index: 7 } });
    const lines = describeTrace(t.events).slice(1);
    expect(major(lines)).toEqual([
      'The lesson asked S2 to write 999: S2 forwards it to leader S1',
      "S1 answered the lesson's request to write 999: done, committed at index 7",
    ]);
  });

  it('names who acted: the user (as the caller calls them), a lesson, the nemesis or the scenario', () => {
    const t = tracer();
    t.time(1).action({ kind: 'restart', node: 0 }, 'user').push(0, { kind: 'start', recovered: true });
    t.time(2).action({ kind: 'crash', node: 1 }, 'nemesis').push(1, { kind: 'crash' });
    t.time(3).action({ kind: 'crash', node: 2 }).push(2, { kind: 'crash' });
    t.time(4).action({ kind: 'crash', node: 2 }, 'lesson');
    expect(texts(describeTrace(t.events, { actor: 'Ada' }))).toEqual([
      'Ada restarted S1 with an empty disk; it waits as a follower',
      'The nemesis crashed S2: it keeps only its disk (term, vote, log)',
      'The scenario crashed S3: it keeps only its disk (term, vote, log)',
      'The lesson crashed S3 (it was already down)',
    ]);
    expect(texts(describeTrace(t.events)).at(0)).toBe('The user restarted S1 with an empty disk; it waits as a follower');
  });

  it('gives every line a unique key', () => {
    const lines = describeTrace(election().events);
    expect(new Set(lines.map((l) => l.key)).size).toBe(lines.length);
  });
});

describe('IncrementalDescriber', () => {
  it('says exactly what describeTrace says, however the trace arrives', () => {
    // A real run: an election, a leader crash and re-election, a cut link, a restart.
    const events: TraceEvent[] = [];
    const scenario = defaultScenario({
      protocol: 'raft',
      nodes: 5,
      seed: 3,
      timeline: [
        { at: 1_800_000, action: { kind: 'crash', node: 4 } },
        { at: 2_050_000, action: { kind: 'cut', from: 1, to: 2, oneWay: true } },
        { at: 2_200_000, action: { kind: 'restart', node: 4 } },
      ],
    });
    new InProcessRunner(scenario, { sink: (e) => events.push(e) }).runUntil(2_300_000);
    const full = describeTrace(events);
    const inc = new IncrementalDescriber(raftNarrator);
    let seed = 7;
    let end = 0;
    while (end < events.length) {
      seed = (seed * 48271) % 2147483647;
      end = Math.min(events.length, end + 1 + (seed % 97));
      inc.update(events.slice(0, end));
    }
    expect(inc.update(events.slice())).toEqual(full);
    expect(full.some((l) => l.text.startsWith('The scenario crashed S5'))).toBe(true);
  });

  it('does not call a leader new when the trace starts mid-run (the page keeps the newest events)', () => {
    const events: TraceEvent[] = [];
    new InProcessRunner(defaultScenario({ protocol: 'raft', nodes: 5, seed: 3 }), { sink: (e) => events.push(e) }).runUntil(3_000_000);
    const full = describeTrace(events).filter((l) => l.text.includes('now follows leader'));
    expect(full.length).toBeGreaterThanOrEqual(4); // the first election: each follower follows its new leader once
    expect(full.every((l) => l.at < 1_000_000)).toBe(true);
    const cut = events.filter((e) => e.at >= 2_000_000);
    expect(describeTrace(cut, { startsMidRun: true }).filter((l) => l.text.includes('now follows leader'))).toEqual([]);
    // The page's describer sees that the trace does not begin at 0.
    expect(new IncrementalDescriber(raftNarrator).update(cut)).toEqual(describeTrace(cut, { startsMidRun: true }));
  });

  it('starts over when the trace no longer extends the last one', () => {
    const events = election().events;
    const inc = new IncrementalDescriber(raftNarrator);
    inc.update(events);
    const shorter = events.slice(0, 8);
    expect(inc.update(shorter)).toEqual(describeTrace(shorter));
    const rebuilt = events.map((e) => ({ ...e }));
    expect(inc.update(rebuilt)).toEqual(describeTrace(rebuilt));
  });

  it('tells log compaction: a snapshot taken, sent, installed and recovered (§7)', () => {
    const events: TraceEvent[] = [];
    const scenario = defaultScenario({
      protocol: 'raft',
      nodes: 3,
      seed: 4,
      config: { snapshotThreshold: 10 },
      workload: { kind: 'interval', intervalUs: 50_000 },
      timeline: [
        { at: 1_000_000, action: { kind: 'crash', node: 2 } },
        { at: 3_000_000, action: { kind: 'restart', node: 2 } },
      ],
    });
    new InProcessRunner(scenario, { sink: (e) => events.push(e) }).runUntil(3_400_000);
    const lines = describeTrace(events);
    const find = (pattern: RegExp) => lines.find((l) => pattern.test(l.text));
    // The leader's snapshot is an important line, the followers' (at the same index) are not.
    expect(find(/^S\d committed entries up to \d+.*; it took a snapshot up to index \d+ \(term \d+\), dropping those entries from its log/)?.importance).toBe('major');
    expect(find(/^S\d appended .* and took a snapshot up to index \d+ \(term \d+\), dropping those entries from its log/)?.importance).toBe('minor');
    expect(find(/The scenario restarted S3: it recovered term \d+.* and its snapshot up to index \d+ and the \d+ log entr(y|ies) after it from disk/)).toBeDefined();
    expect(find(/sent .*its snapshot up to index \d+ to S3/)).toBeDefined();
    const installed = find(/^S3 .*installed S\d's snapshot up to index \d+ \(term \d+\): the entries it lacked were compacted/);
    expect(installed?.importance).toBe('major');
    expect(find(/^S3 confirmed to S\d that it installed the snapshot and holds entries up to \d+/)).toBeDefined();
  });
});

