import { describe, expect, it } from 'vitest';
import { TestCluster } from './test-cluster';

const terms = (c: TestCluster) => c.slots.map((_, id) => c.state(id).term);

describe('raft leader election (§5.2)', () => {
  it('elects the node whose timer fires first, and the others follow it', () => {
    const c = new TestCluster(3);
    c.campaign(0);
    expect(c.leaders()).toEqual([0]);
    expect(terms(c)).toEqual([1, 1, 1]);
    expect(c.state(1).leader).toBe(0);
    expect(c.state(2).votedFor).toBe(0);
    // §8: the new leader's no-op commits in its first round.
    expect(c.state(0).commitIndex).toBe(1);
    expect(c.state(0).log).toEqual([{ term: 1, kind: 'noop' }]);
  });

  it('grants one vote per term, so two simultaneous candidates cannot both win', () => {
    const c = new TestCluster(4, { preVote: false });
    c.fire(0, 'election').fire(1, 'election');
    c.deliverAll();
    expect(c.leaders().length).toBeLessThanOrEqual(1);
    expect(c.state(0).term).toBe(1);
    // With 4 voters, 0 and 1 each hold their own vote; whoever got both others' won, or nobody.
    const votes = [2, 3].map((id) => c.state(id).votedFor);
    if (c.leaders().length === 1) expect(votes).toEqual([c.leaders()[0], c.leaders()[0]]);
  });

  it('refuses a candidate whose log is behind (§5.4.1)', () => {
    const c = new TestCluster(3, { preVote: false });
    c.campaign(0);
    c.cut(0, 2);
    c.write(0, 1);
    c.heartbeat(0);
    c.heal();
    c.crash(0);
    // Past the leader's lease, which would refuse any candidate (thesis §4.2.3).
    c.advance(c.config.electionTimeoutMinUs);
    c.campaign(2);
    expect(c.state(2).role).not.toBe('leader');
    expect(c.state(1).votedFor).toBeNull();
    c.campaign(1);
    expect(c.leaders()).toEqual([1]);
  });

  it('a candidate steps down when it hears from a leader of its term', () => {
    const c = new TestCluster(3, { preVote: false });
    c.campaign(0);
    c.isolate(2);
    c.fire(2, 'election'); // 2 is a candidate of term 2, alone
    c.deliverAll();
    c.heal();
    expect(c.state(2).role).toBe('candidate');
    // The leader learns term 2 from 2's answer and steps down; a new election follows.
    c.heartbeat(0);
    expect(c.state(0).role).toBe('follower');
    expect(c.state(0).term).toBe(2);
  });

  it('forceElection starts a real election even beside a healthy leader', () => {
    const c = new TestCluster(3);
    c.campaign(0);
    const op = c.command(1, { type: 'forceElection' });
    c.deliverAll();
    expect(c.replies.get(op)).toEqual({ ok: true, term: 2 });
    expect(c.leaders()).toEqual([1]);
    expect(terms(c)).toEqual([2, 2, 2]);
  });

  it.each([
    [true, 'keeps'],
    [false, 'restarts'],
  ])('keepTimerOnNewTerm %s: a follower that refuses a higher-term candidate %s its election timer (Figure 2)', (keep) => {
    const c = new TestCluster(3, { preVote: false, keepTimerOnNewTerm: keep });
    c.campaign(0);
    c.cut(0, 2);
    c.write(0, 1);
    c.heartbeat(0); // S3 misses the write: its log is behind S2's
    c.crash(0);
    c.advance(c.config.electionTimeoutMinUs);
    const due = c.dueAt(1, 'election');
    c.fire(2, 'election').deliverAll();
    expect(c.state(1)).toMatchObject({ term: 2, votedFor: null, role: 'follower' });
    // Only AppendEntries from the leader or a granted vote restart the timeout; S3 may not
    // keep pushing back the timeout of S2, the one server that can win.
    if (keep) expect(c.dueAt(1, 'election')).toBe(due);
    else expect(c.dueAt(1, 'election')).toBeGreaterThan(due);
  });

  it('persists term and vote, so a restarted node does not vote twice in a term', () => {
    const c = new TestCluster(3, { preVote: false });
    c.fire(0, 'election');
    c.deliverNext((e) => e.msg.type === 'RequestVote' && e.to === 1); // 1 votes for 0 in term 1
    c.drop();
    c.crash(1).start(1);
    expect(c.state(1).term).toBe(1);
    expect(c.state(1).votedFor).toBe(0);
    c.isolate(0);
    c.fire(2, 'election'); // 2 never saw term 1: it campaigns in term 1 too
    c.deliverAll();
    expect(c.state(2).term).toBe(1);
    expect(c.state(1).votedFor).toBe(0);
    expect(c.state(2).role).toBe('candidate');
  });
});

describe('raft Pre-Vote (thesis §9.6)', () => {
  it('an isolated node does not raise its term, and its return does not depose the leader', () => {
    const c = new TestCluster(3);
    c.campaign(0);
    c.isolate(2);
    // The leader keeps its heartbeats going meanwhile, or check-quorum would depose it.
    for (let i = 0; i < 5; i++) c.heartbeat(0).campaign(2).heartbeat(0);
    expect(c.state(2).role).toBe('precandidate');
    expect(c.state(2).term).toBe(1);
    c.heal();
    c.heartbeat(0);
    expect(c.leaders()).toEqual([0]);
    expect(terms(c)).toEqual([1, 1, 1]);
    expect(c.state(2).role).toBe('follower');
  });

  it('without Pre-Vote the same return forces a new term', () => {
    const c = new TestCluster(3, { preVote: false });
    c.campaign(0);
    c.isolate(2);
    for (let i = 0; i < 5; i++) c.heartbeat(0).campaign(2).heartbeat(0);
    expect(c.state(2).term).toBe(6);
    c.heal();
    c.heartbeat(0);
    expect(c.leaders()).toEqual([]);
    expect(c.state(0).term).toBe(6);
  });

  it('refuses a pre-vote while the leader is heard, even to a node whose log is complete', () => {
    const c = new TestCluster(3);
    c.campaign(0);
    // 2 stops hearing the leader but still reaches everyone; no write happens, so its log is
    // as up to date as anyone's. Only the lease keeps it from starting a new term.
    c.cut(0, 2);
    // 1 hears the leader shortly before 2's timer fires.
    c.advance(c.dueAt(2, 'election') - c.now - 10_000);
    c.heartbeat(0);
    c.fire(2, 'election');
    c.deliverAll();
    // It stays a pre-candidate (the leader's refusal is lost on the cut link), in term 1.
    expect(c.state(2).role).toBe('precandidate');
    expect(c.state(1).votedFor).toBe(0);
    expect(terms(c)).toEqual([1, 1, 1]);
    expect(c.leaders()).toEqual([0]);
  });

  it('grants pre-votes once the leader is gone for an election timeout', () => {
    const c = new TestCluster(3);
    c.campaign(0);
    c.crash(0);
    c.advance(c.config.electionTimeoutMaxUs);
    c.campaign(1);
    expect(c.leaders()).toEqual([1]);
    expect(c.state(1).term).toBe(2);
  });
});

describe('check-quorum (thesis §6.2)', () => {
  for (const checkQuorum of [true, false]) {
    it(`a leader cut off from every peer for an election timeout ${checkQuorum ? 'steps down' : 'stays leader when it is off'}`, () => {
      const c = new TestCluster(3, { checkQuorum });
      c.campaign(0);
      c.isolate(0);
      c.advance(c.config.electionTimeoutMaxUs + 1);
      c.heartbeat(0);
      expect(c.state(0).role).toBe(checkQuorum ? 'follower' : 'leader');
    });
  }
});
