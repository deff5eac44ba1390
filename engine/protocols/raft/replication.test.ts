import { describe, expect, it } from 'vitest';
import { TestCluster, type Envelope } from './test-cluster';
import type { RaftMessage, RaftState } from './types';

const terms = (s: RaftState) => s.log.map((e) => e.term);

describe('raft log replication (§5.3)', () => {
  it('commits a write at the leader after one round and answers with its index', () => {
    const c = new TestCluster(3);
    c.campaign(0);
    const op = c.write(0, 42);
    expect(c.replies.has(op)).toBe(false);
    c.heartbeat(0);
    expect(c.replies.get(op)).toEqual({ ok: true, index: 2 });
    // Followers learn the new commitIndex with the next round.
    c.heartbeat(0);
    for (const id of [0, 1, 2]) {
      expect(c.state(id).commitIndex).toBe(2);
      expect(c.state(id).appliedValue).toBe(42);
    }
  });

  it('forwards a write from a follower to the leader, which answers it', () => {
    const c = new TestCluster(3);
    c.campaign(0);
    c.heartbeat(0);
    const op = c.write(2, 7);
    c.deliverAll();
    expect(c.state(0).log.at(-1)).toEqual({ term: 1, kind: 'write', value: 7 });
    c.heartbeat(0);
    expect(c.replies.get(op)).toEqual({ ok: true, index: 2 });
    expect(c.trace.find((e) => e.kind === 'return' && e.opId === op)?.node).toBe(0);
  });

  it('refuses a write when no leader is known, and a duplicated forward is served once', () => {
    const c = new TestCluster(3);
    expect(c.replies.get(c.write(1, 1))).toEqual({ ok: false, error: 'no leader' });
    c.campaign(0);
    c.heartbeat(0);
    c.write(1, 5);
    const forward = c.inbox[0]!;
    c.inbox.push({ ...forward, msg: structuredClone(forward.msg) });
    c.deliverAll();
    expect(c.state(0).log.filter((e) => e.kind === 'write')).toHaveLength(1);
  });

  it('repairs a follower whose log conflicts, skipping a term per round trip', () => {
    const c = new TestCluster(3, { preVote: false });
    c.campaign(0);
    c.heartbeat(0);
    // 0 leads term 1 but is cut off: its ten writes reach nobody.
    c.isolate(0);
    for (let v = 1; v <= 10; v++) c.write(0, v);
    c.heartbeat(0);
    // 1 leads term 2 and commits ten writes of its own; then 2 takes over in term 3.
    c.campaign(1);
    for (let v = 11; v <= 20; v++) c.write(1, v);
    c.heartbeat(1).heartbeat(1);
    c.command(2, { type: 'forceElection' });
    c.deliverAll();
    // 0 still believes it leads term 1: a stale leader, harmless, which the heal corrects.
    expect(c.leaders()).toEqual([0, 2]);
    expect(c.state(2).nextIndex[0]).toBe(13);
    c.heal();
    const from = c.trace.length;
    c.heartbeat(2);
    // One rejection with a hint and one resend, where probing one index per round trip
    // would have taken eleven.
    const sent = c.trace.slice(from).filter((e) => e.kind === 'send' && e.to === 0 && e.msg.type === 'AppendEntries');
    expect(sent.length).toBe(2);
    expect(c.state(0).log).toEqual(c.state(2).log);
    expect(c.trace.some((e) => e.kind === 'observe' && e.what === 'truncate' && e.node === 0)).toBe(true);
  });

  it('catches a far-behind follower up in batches of maxEntriesPerAppend', () => {
    const c = new TestCluster(3, { maxEntriesPerAppend: 4 });
    c.campaign(0);
    c.isolate(2);
    for (let v = 1; v <= 20; v++) {
      c.write(0, v);
      if (v % 5 === 0) c.heartbeat(0);
    }
    c.heal();
    const from = c.trace.length;
    c.heartbeat(0);
    const batches = c.trace
      .slice(from)
      .flatMap((e) => {
        const msg = e.kind === 'send' && e.to === 2 ? (e.msg as RaftMessage) : null;
        return msg?.type === 'AppendEntries' ? [msg.entries.length] : [];
      });
    expect(Math.max(...batches)).toBe(4);
    expect(c.state(2).log).toEqual(c.state(0).log);
  });
});

describe('raft commitment (§5.4.2, Figure 8)', () => {
  /**
   * Figure 8 up to (c): S1 leads term 2 and gives index 2 to S2 only; S5 wins term 3 with S3
   * and S4 and writes its own index 2; S1 comes back, wins term 4, and brings its index 2
   * (term 2) to S3 and S4. That entry is now on four of five servers, but not committed.
   */
  function figure8(): TestCluster {
    const c = new TestCluster(5, { preVote: false, maxEntriesPerAppend: 1 });
    const voteFrom = (...voters: number[]) => {
      for (const id of voters) c.deliverNext((e) => e.msg.type === 'RequestVote' && e.to === id);
      c.drop((e) => e.msg.type === 'RequestVote');
    };
    c.campaign(0); // term 1: index 1 (no-op) everywhere
    c.heartbeat(0);
    // (a) S1 wins term 2 with S2 and S5; its no-op at index 2 reaches S2 only.
    c.command(0, { type: 'forceElection' });
    voteFrom(1, 4);
    for (const id of [2, 3, 4]) c.cut(0, id);
    c.deliverAll();
    expect(c.leaders()).toEqual([0]);
    expect(terms(c.state(1))).toEqual([1, 2]);
    // (b) S1 crashes; S5 wins term 3 with S3 and S4 and appends its no-op at index 2, alone.
    c.heal().crash(0);
    c.fire(4, 'election');
    voteFrom(2, 3);
    for (const id of [0, 1, 2, 3]) c.cut(4, id);
    c.deliverAll();
    expect(c.leaders()).toEqual([4]);
    expect(terms(c.state(4))).toEqual([1, 3]);
    // (c) S5 crashes; S1 restarts. Term 3 is taken (S3, S4 voted for S5), so it wins term 4,
    // with S2 and S3.
    c.heal().crash(4).start(0);
    c.campaign(0);
    expect(c.state(0).role).toBe('candidate');
    c.fire(0, 'election');
    voteFrom(1, 2);
    c.cut(0, 1);
    // Its no-op (index 3, term 4) is lost on the way to S2. S3 and S4 lack index 2: they
    // reject, get index 2 alone (one entry per message) and accept it; every message that
    // would give them index 3 is held back.
    const givesTerm4 = ({ to, msg }: Envelope) =>
      msg.type === 'AppendEntries' &&
      msg.entries.some((x) => x.term === 4) &&
      (c.slots[to]!.state?.log.length ?? 0) >= msg.prevLogIndex;
    while (c.inbox.some((e) => !givesTerm4(e))) c.deliverNext((e) => !givesTerm4(e));
    c.drop();
    expect(c.leaders()).toEqual([0]);
    expect(c.state(0).term).toBe(4);
    for (const id of [0, 1, 2, 3]) expect(terms(c.state(id)).slice(0, 2)).toEqual([1, 2]);
    return c;
  }

  it('does not commit an entry of an older term by counting its replicas', () => {
    const c = figure8();
    // Index 2 is on S1-S4, yet not committed: its term (2) is not the leader's (4). The
    // restarted leader's commitIndex is volatile and starts at 0.
    expect(c.state(0).matchIndex.slice(2, 4)).toEqual([2, 2]);
    expect(c.state(0).commitIndex).toBe(0);
  });

  it('(d) so the entry may be overwritten safely when S1 crashes again', () => {
    const c = figure8();
    c.crash(0).start(4);
    // S5's last term (3) beats the others' (2); term 4 is taken, so it wins term 5.
    c.campaign(4).campaign(4);
    expect(c.leaders()).toEqual([4]);
    c.heartbeat(4);
    for (const id of [1, 2, 3]) expect(terms(c.state(id))).toEqual([1, 3, 5]);
  });

  it('(e) commits both entries once one of the current term is on a majority', () => {
    const c = figure8();
    c.heal();
    c.heartbeat(0);
    c.heartbeat(0);
    expect(c.state(0).commitIndex).toBe(3);
    expect(terms(c.state(0))).toEqual([1, 2, 4]);
  });
});

describe('raft reads (§8, ReadIndex)', () => {
  it('answers a read with the committed value after a round confirms leadership', () => {
    const c = new TestCluster(3);
    c.campaign(0);
    c.write(0, 9);
    c.heartbeat(0);
    const op = c.command(1, { type: 'read' });
    expect(c.replies.has(op)).toBe(false);
    c.deliverAll();
    expect(c.replies.get(op)).toEqual({ ok: true, index: 2, value: 9 });
  });

  it('a cut-off leader cannot confirm a read, and fails it when check-quorum deposes it', () => {
    const c = new TestCluster(3);
    c.campaign(0);
    c.isolate(0);
    const op = c.command(0, { type: 'read' });
    c.deliverAll();
    expect(c.replies.has(op)).toBe(false);
    for (let i = 0; i < 5 && c.state(0).role === 'leader'; i++) c.heartbeat(0);
    expect(c.state(0).role).toBe('follower');
    expect(c.replies.get(op)).toEqual({ ok: false, error: 'leadership lost' });
  });
});
