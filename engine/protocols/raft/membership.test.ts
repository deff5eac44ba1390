import { describe, expect, it } from 'vitest';
import { TestCluster } from './test-cluster';

/** Three members (S1-S3) and a spare S4 that is running but in no configuration. */
function withSpare(): TestCluster {
  const c = new TestCluster(4, { initialMembers: [0, 1, 2] });
  expect(() => c.dueAt(3, 'election')).toThrow(); // a spare never campaigns
  c.campaign(0);
  c.write(0, 1);
  c.heartbeat(0);
  return c;
}

describe('raft membership changes (thesis §4.1)', () => {
  it('adds a spare: it catches up, takes the configuration and may campaign', () => {
    const c = withSpare();
    const op = c.command(0, { type: 'addServer', node: 3 });
    // The configuration takes effect at the leader as soon as it is appended.
    expect(c.state(0).members).toEqual([0, 1, 2, 3]);
    c.heartbeat(0);
    expect(c.replies.get(op)).toEqual({ ok: true, index: 3 });
    c.heartbeat(0);
    expect(c.state(3).log).toEqual(c.state(0).log);
    expect(c.state(3).members).toEqual([0, 1, 2, 3]);
    expect(c.dueAt(3, 'election')).toBeGreaterThan(c.now);
    // Four members: a majority is three, so the leader and one follower are not enough.
    c.isolate(2).isolate(3);
    c.write(0, 2);
    c.heartbeat(0);
    expect(c.state(0).commitIndex).toBe(3);
  });

  it('removes a follower, which then cannot disturb the cluster', () => {
    const c = withSpare();
    const op = c.command(1, { type: 'removeServer', node: 2 }); // forwarded to the leader
    c.deliverAll();
    c.heartbeat(0);
    expect(c.replies.get(op)).toEqual({ ok: true, index: 3 });
    expect(c.state(0).members).toEqual([0, 1]);
    // The leader no longer sends to 2; its timer fires, but nobody grants it a pre-vote.
    c.timeoutBesideLeader(2, 0);
    expect(c.state(2).term).toBe(1);
    c.heartbeat(0);
    expect(c.leaders()).toEqual([0]);
  });

  it('a removed leader steps down once the change is committed; the rest elect a new one', () => {
    const c = withSpare();
    const op = c.command(0, { type: 'removeServer', node: 0 });
    // Until then it leads without counting itself: 1 and 2 must both have the entry.
    c.isolate(2);
    c.heartbeat(0);
    expect(c.state(0).role).toBe('leader');
    c.heal();
    c.heartbeat(0);
    expect(c.replies.get(op)).toEqual({ ok: true, index: 3 });
    expect(c.state(0).role).toBe('follower');
    expect(() => c.dueAt(0, 'election')).toThrow();
    c.advance(c.config.electionTimeoutMaxUs);
    c.campaign(1);
    expect(c.leaders()).toEqual([1]);
  });

  it('allows one change at a time, and none before the leader commits in its term', () => {
    const c = withSpare();
    c.command(0, { type: 'addServer', node: 3 });
    const second = c.command(0, { type: 'removeServer', node: 1 });
    expect(c.replies.get(second)).toEqual({ ok: false, error: 'a configuration change is in progress' });

    const d = new TestCluster(3);
    d.fire(0, 'election');
    while (d.state(0).role !== 'leader') d.deliverNext();
    const early = d.command(0, { type: 'removeServer', node: 2 });
    expect(d.replies.get(early)).toEqual({ ok: false, error: 'leader not ready' });
  });

  it('refuses malformed and pointless changes', () => {
    const c = withSpare();
    const answers = [
      c.command(0, { type: 'addServer', node: 1 }),
      c.command(0, { type: 'removeServer', node: 3 }),
      c.command(0, { type: 'addServer', node: 9 }),
      c.command(0, { type: 'write', value: Number.NaN }),
      c.command(0, { type: 'nonsense' } as never),
    ].map((op) => c.replies.get(op));
    expect(answers).toEqual([
      { ok: false, error: 'S2 is already a member' },
      { ok: false, error: 'S4 is not a member' },
      { ok: false, error: 'addServer needs a node between 0 and 3' },
      { ok: false, error: 'write needs a numeric value' },
      { ok: false, error: 'unknown command "nonsense"' },
    ]);
  });

  it('a follower reverts to the previous configuration when an uncommitted one is truncated', () => {
    const c = new TestCluster(5);
    c.campaign(0);
    c.heartbeat(0);
    c.command(0, { type: 'removeServer', node: 4 });
    // Only S2 receives the new configuration before the leader crashes.
    for (const id of [2, 3, 4]) c.cut(0, id);
    c.heartbeat(0);
    expect(c.state(1).members).toEqual([0, 1, 2, 3]);
    c.crash(0).heal();
    c.advance(c.config.electionTimeoutMaxUs);
    c.campaign(2); // S3, S4, S5 vote for S3, whose log lacks the entry
    expect(c.leaders()).toEqual([2]);
    c.heartbeat(2);
    expect(c.state(1).members).toEqual([0, 1, 2, 3, 4]);
    expect(c.state(1).log).toEqual(c.state(2).log);
    expect(c.trace.some((e) => e.kind === 'observe' && e.what === 'config' && e.node === 1)).toBe(true);
  });
});

describe('raft crash and restart', () => {
  it('recovers term, vote and log from durable storage; commitIndex starts over', () => {
    const c = new TestCluster(3);
    c.campaign(0);
    for (let v = 1; v <= 5; v++) c.write(0, v);
    c.heartbeat(0).heartbeat(0);
    const before = structuredClone(c.state(1));
    c.crash(1).start(1);
    const after = c.state(1);
    expect(after.term).toBe(before.term);
    expect(after.votedFor).toBe(before.votedFor);
    expect(after.log).toEqual(before.log);
    expect(after.commitIndex).toBe(0);
    expect(after.role).toBe('follower');
    expect(c.trace.at(-1)).toMatchObject({ kind: 'observe', what: 'recover', data: { term: 1, logLength: 6 } });
    c.heartbeat(0);
    expect(after.commitIndex).toBe(6);
  });

  it('a crashed leader comes back as a follower of the new leader', () => {
    const c = new TestCluster(3);
    c.campaign(0);
    c.write(0, 1);
    c.heartbeat(0);
    c.crash(0);
    c.advance(c.config.electionTimeoutMaxUs);
    c.campaign(1);
    c.write(1, 2);
    c.heartbeat(1);
    c.start(0);
    c.heartbeat(1);
    expect(c.leaders()).toEqual([1]);
    expect(c.state(0).log).toEqual(c.state(1).log);
    expect(c.state(0).appliedValue).toBe(2);
  });
});

describe('servers outside their latest configuration (thesis §4.1, §4.2.2, §4.2.3)', () => {
  /**
   * Issue 9's deadlock in two servers: S1 leads [S1,S2], appends [S2] (its own removal), is cut
   * off before S2 has the entry and steps down by check-quorum. Only S1 holds Cnew; S2, still in
   * Cold, needs S1's vote, which S1 must refuse it (S1's log is longer).
   */
  function removedLeaderCutOff(config: Record<string, unknown> = {}): TestCluster {
    const c = new TestCluster(2, config);
    c.campaign(0);
    c.write(0, 1);
    c.heartbeat(0);
    c.command(0, { type: 'removeServer', node: 0 });
    c.isolate(0);
    // Check-quorum: no answer for longer than a maximum election timeout.
    c.advance(c.config.electionTimeoutMaxUs + 1).heartbeat(0);
    expect(c.state(0)).toMatchObject({ role: 'follower', members: [1] });
    expect(c.state(1)).toMatchObject({ members: [0, 1] });
    expect(c.state(0).log.length).toBe(c.state(1).log.length + 1);
    return c;
  }

  it('a leader that appended its own removal and lost its leadership campaigns, commits Cnew and steps down', () => {
    const c = removedLeaderCutOff();
    // Still cut off, it stands, but its own vote does not count: it is not in [S2].
    c.campaign(0);
    expect(c.state(0).role).toBe('precandidate');
    c.heal();
    c.advance(c.config.electionTimeoutMaxUs);
    c.campaign(1); // S2 asks in Cold; S1 refuses, its log is longer
    expect(c.leaders()).toEqual([]);
    c.campaign(0); // S1 wins with S2's vote alone, the majority of [S2]
    expect(c.trace.some((e) => e.kind === 'observe' && e.what === 'leader' && e.node === 0 && (e.data as { term: number }).term === 2)).toBe(true);
    // Its no-op committed Cnew on S2's acknowledgement; it stepped down and stays quiet.
    expect(c.state(0).role).toBe('follower');
    expect(c.state(0).commitIndex).toBe(c.state(0).log.length);
    expect(() => c.dueAt(0, 'election')).toThrow();
    expect(c.state(1).members).toEqual([1]);
    c.campaign(1);
    expect(c.leaders()).toEqual([1]);
    c.write(1, 2);
    expect(c.state(1).appliedValue).toBe(2);
  });

  it('with thesisMembership off, that leader never campaigns again: no leader ever (the old deadlock)', () => {
    const c = removedLeaderCutOff({ thesisMembership: false });
    expect(() => c.dueAt(0, 'election')).toThrow();
    c.heal();
    c.advance(c.config.electionTimeoutMaxUs);
    c.campaign(1);
    expect(c.leaders()).toEqual([]);
    const op = c.command(0, { type: 'forceElection' });
    expect(c.replies.get(op)).toEqual({ ok: false, error: 'not a member' });
    expect(() => c.dueAt(0, 'election')).toThrow();
  });

  /** S3 is removed while the leader no longer sends to it: it never learns of its removal. */
  function removedFollower(config: Record<string, unknown>): TestCluster {
    const c = new TestCluster(3, config);
    c.campaign(0);
    c.heartbeat(0);
    const op = c.command(0, { type: 'removeServer', node: 2 });
    c.heartbeat(0);
    expect(c.replies.get(op)).toMatchObject({ ok: true });
    expect(c.state(2).members).toEqual([0, 1, 2]);
    // Its timer fires while the leader keeps beating to S2: without Pre-Vote it raises its term.
    c.timeoutBesideLeader(2, 0);
    expect(c.state(2).term).toBe(2);
    return c;
  }

  it('a RequestVote heard within the leader lease neither moves the term nor wins a vote (§4.2.3)', () => {
    const c = removedFollower({ preVote: false });
    expect(c.state(0).term).toBe(1);
    expect(c.state(1).term).toBe(1);
    c.heartbeat(0);
    expect(c.leaders()).toEqual([0]);
  });

  it('with thesisMembership off, the removed server deposes the leader', () => {
    const c = removedFollower({ preVote: false, thesisMembership: false });
    expect(c.leaders()).toEqual([]);
    expect(c.state(0).term).toBe(2);
  });
});
