import { describe, expect, it } from 'vitest';
import { TestCluster } from './test-cluster';
import { lastIndex } from './log';
import type { RaftMessage } from './types';

/** The durable keys of `node`'s log entries, ascending by index. */
function entryKeys(c: TestCluster, node: number): number[] {
  return Object.keys(c.slots[node]!.durable)
    .filter((k) => k.startsWith('log/'))
    .map((k) => Number(k.slice(4)))
    .sort((a, b) => a - b);
}

/** A leader S1 of three that has committed `writes` writes (values 1..writes), one per round. */
function withWrites(threshold: number, writes: number, nodes = 3): TestCluster {
  const c = new TestCluster(nodes, { snapshotThreshold: threshold });
  c.campaign(0);
  for (let v = 1; v <= writes; v++) {
    c.write(0, v);
    c.heartbeat(0);
  }
  c.heartbeat(0);
  return c;
}

const sent = (c: TestCluster, type: RaftMessage['type']) => c.trace.filter((e) => e.kind === 'send' && (e.msg as RaftMessage).type === type);

describe('raft log compaction (§7)', () => {
  it('snapshots once the applied log passes the threshold: the state machine and the configuration replace the prefix', () => {
    // Index 1 is the leader's no-op; writes 1..9 are indices 2..10.
    const c = withWrites(4, 9);
    for (const id of [0, 1, 2]) {
      const s = c.state(id);
      expect(s.commitIndex).toBe(10);
      // Snapshots at 4 and 8 (each once four more entries were applied); 9 and 10 remain.
      expect(s.snapshot).toEqual({ lastIncludedIndex: 8, lastIncludedTerm: 1, value: 7, members: [0, 1, 2] });
      expect(s.log.map((e) => (e.kind === 'write' ? e.value : null))).toEqual([8, 9]);
      expect(lastIndex(s)).toBe(10);
      // The snapshot is durable and the compacted entries' keys are gone.
      expect(c.slots[id]!.durable.snapshot).toEqual(s.snapshot);
      expect(entryKeys(c, id)).toEqual([9, 10]);
    }
    const snaps = c.trace.filter((e) => e.kind === 'observe' && e.what === 'snapshot' && e.node === 0).map((e) => (e as unknown as { data: { index: number } }).data.index);
    expect(snaps).toEqual([4, 8]);
  });

  it('never compacts with snapshotThreshold 0 (what format-1 scenarios ran with)', () => {
    const c = withWrites(0, 9);
    expect(c.state(1).snapshot.lastIncludedIndex).toBe(0);
    expect(c.state(1).log).toHaveLength(10);
    expect(entryKeys(c, 1)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('restarts from the snapshot: its entries count as committed and its value as applied', () => {
    const c = withWrites(4, 9);
    c.crash(1).start(1);
    const s = c.state(1);
    expect(s.snapshot.lastIncludedIndex).toBe(8);
    expect(s.commitIndex).toBe(8);
    expect(s.appliedValue).toBe(7);
    expect(lastIndex(s)).toBe(10);
    const recover = c.trace.findLast((e) => e.kind === 'observe' && e.what === 'recover');
    expect(recover).toMatchObject({ node: 1, data: { logLength: 10, snapshotIndex: 8 } });
    c.heartbeat(0);
    expect(c.state(1).commitIndex).toBe(10);
    expect(c.state(1).appliedValue).toBe(9);
  });

  it('sends InstallSnapshot to a follower whose next entries were compacted; a conflicting log goes whole (Figure 13 step 7)', () => {
    const c = new TestCluster(3, { snapshotThreshold: 4, preVote: false });
    // S3 leads term 1, is cut off, and piles up twenty writes nobody else sees (indices 2..21).
    c.campaign(2);
    c.isolate(2);
    for (let v = 100; v < 120; v++) c.write(2, v);
    // S1 wins term 2 with S2 and commits nine writes, compacting twice.
    c.campaign(0);
    for (let v = 1; v <= 9; v++) {
      c.write(0, v);
      c.heartbeat(0);
    }
    const leader = c.state(0);
    expect(leader.snapshot).toMatchObject({ lastIncludedIndex: 8, lastIncludedTerm: 2 });
    expect(leader.nextIndex[2]).toBeLessThanOrEqual(8);
    c.heal();
    c.fire(0, 'heartbeat');
    const install = c.inbox.find((e) => e.to === 2)!.msg;
    expect(install).toMatchObject({ type: 'InstallSnapshot', term: 2, lastIncludedIndex: 8, lastIncludedTerm: 2, data: { value: 6, members: [0, 1, 2] } });
    c.deliverAll();
    // S3 held index 8, but of term 1: everything it had goes, its stale writes included.
    const s = c.state(2);
    expect(s.role).toBe('follower');
    expect(s.snapshot).toEqual(leader.snapshot);
    expect(s.commitIndex).toBe(8);
    expect(s.appliedValue).toBe(6);
    expect(c.trace.some((e) => e.kind === 'observe' && e.node === 2 && e.what === 'snapshot' && (e.data as { from?: number }).from === 0)).toBe(true);
    c.heartbeat(0).heartbeat(0);
    expect(s.log).toEqual(leader.log);
    expect(s.appliedValue).toBe(9);
    expect(entryKeys(c, 2)).toEqual(entryKeys(c, 0));
    expect(leader.matchIndex[2]).toBe(lastIndex(leader));
  });

  it('keeps the entries after the snapshot when the follower holds its last entry (Figure 13 step 6)', () => {
    const c = new TestCluster(3, { snapshotThreshold: 4 });
    c.campaign(0);
    c.cut(2, 0); // S3's answers are lost from here on: the leader thinks it is at index 1
    for (let v = 1; v <= 3; v++) c.write(0, v); // indices 2..4
    c.fire(0, 'heartbeat'); // round A: 2..4 to both
    c.deliverNext((e) => e.to === 2);
    c.write(0, 4);
    c.write(0, 5); // indices 5 and 6
    c.fire(0, 'heartbeat'); // round B: 2..6 to both (no answer came yet)
    c.deliverNext((e) => e.to === 2); // S3 holds 1..6 and has committed nothing past 1
    c.deliverNext((e) => e.to === 1); // S2 gets round A late...
    c.deliverNext((e) => e.to === 0 && e.from === 1); // ...its answer commits 4: the leader compacts
    c.drop((e) => e.to === 1); // round B to S2 is lost
    expect(c.state(0).snapshot.lastIncludedIndex).toBe(4);
    expect(c.state(2).commitIndex).toBe(1);
    c.fire(0, 'heartbeat');
    expect(c.inbox.find((e) => e.to === 2)!.msg).toMatchObject({ type: 'InstallSnapshot', lastIncludedIndex: 4 });
    c.deliverNext((e) => e.to === 2);
    const s = c.state(2);
    expect(s.snapshot).toEqual({ lastIncludedIndex: 4, lastIncludedTerm: 1, value: 3, members: [0, 1, 2] });
    expect(s.commitIndex).toBe(4);
    expect(s.appliedValue).toBe(3);
    // Entries 5 and 6 stay, and their durable keys with them.
    expect(s.log.map((e) => (e.kind === 'write' ? e.value : null))).toEqual([4, 5]);
    expect(entryKeys(c, 2)).toEqual([5, 6]);
    c.heal().deliverAll().heartbeat(0).heartbeat(0);
    expect(c.state(2).commitIndex).toBe(6);
    expect(c.state(2).appliedValue).toBe(5);
  });

  it('keeps a stored suffix past the snapshot point, and ignores a late snapshot it already covers', () => {
    const c = new TestCluster(3, { snapshotThreshold: 3 });
    c.campaign(0);
    for (let v = 1; v <= 2; v++) c.write(0, v);
    c.heartbeat(0).heartbeat(0); // everyone commits 1..3 and snapshots at 3
    c.write(0, 3);
    c.heartbeat(0); // index 4 stored everywhere, commit 4 at the leader only
    const follower = c.state(1);
    expect(follower.snapshot.lastIncludedIndex).toBe(3);
    const before = lastIndex(follower);
    // A duplicated, late InstallSnapshot up to 3: nothing of the log goes.
    c.inbox.push({ from: 0, to: 1, msg: { type: 'InstallSnapshot', term: 1, lastIncludedIndex: 3, lastIncludedTerm: 1, data: { value: 2, members: [0, 1, 2] }, round: 1 } });
    c.deliverAll();
    expect(lastIndex(c.state(1))).toBe(before);
    expect(c.state(1).snapshot.lastIncludedIndex).toBe(3);
    // It answers with what it has committed, which the leader's log holds.
    const answer = c.trace.findLast((e) => e.kind === 'send' && e.node === 1 && (e.msg as RaftMessage).type === 'InstallSnapshotResponse');
    expect((answer as unknown as { msg: { matchIndex: number } }).msg.matchIndex).toBe(c.state(1).commitIndex);
  });

  it('answers a late AppendEntries that reaches into its snapshot without removing anything', () => {
    const c = withWrites(4, 9);
    const s = c.state(1);
    expect(s.snapshot.lastIncludedIndex).toBe(8);
    const before = [...s.log];
    c.inbox.push({
      from: 0,
      to: 1,
      msg: { type: 'AppendEntries', term: 1, prevLogIndex: 5, prevLogTerm: 1, entries: [6, 7, 8, 9].map((value) => ({ term: 1, kind: 'write' as const, value: value - 1 })), leaderCommit: 10, round: 1 },
    });
    c.deliverNext();
    expect(c.state(1).log).toEqual(before);
    const answer = c.inbox.find((e) => e.from === 1)!.msg;
    expect(answer).toMatchObject({ type: 'AppendEntriesResponse', success: true, matchIndex: 9 });
  });

  it('a snapshot keeps the configuration its compacted entries carried (thesis §5.1)', () => {
    const c = new TestCluster(4, { snapshotThreshold: 3, initialMembers: [0, 1, 2] });
    c.campaign(0);
    c.heartbeat(0);
    const op = c.command(0, { type: 'removeServer', node: 2 }); // index 2
    c.heartbeat(0).heartbeat(0);
    expect(c.replies.get(op)).toEqual({ ok: true, index: 2 });
    c.write(0, 1);
    c.heartbeat(0).heartbeat(0); // index 3 commits: snapshot at 3 holds the removal
    const leader = c.state(0);
    expect(leader.snapshot).toMatchObject({ lastIncludedIndex: 3, members: [0, 1] });
    expect(leader.configIndices).toEqual([]);
    c.crash(1).start(1);
    expect(c.state(1).members).toEqual([0, 1]);
    // The spare S4 gets the snapshot when added, and with it the configuration.
    const add = c.command(0, { type: 'addServer', node: 3 });
    c.heartbeat(0).heartbeat(0).heartbeat(0);
    expect(c.replies.get(add)).toMatchObject({ ok: true });
    expect(c.state(3).snapshot.lastIncludedIndex).toBeGreaterThanOrEqual(3);
    expect(c.state(3).members).toEqual([0, 1, 3]);
  });

  it('answers reads after an InstallSnapshot round too (ReadIndex, §8)', () => {
    const c = new TestCluster(3, { snapshotThreshold: 2 });
    c.campaign(0);
    // S2 misses four writes the leader commits with S3 and compacts.
    c.isolate(1);
    for (let v = 1; v <= 4; v++) {
      c.write(0, v);
      c.heartbeat(0);
    }
    expect(c.state(0).snapshot.lastIncludedIndex).toBeGreaterThan(c.state(1).commitIndex);
    // Now S3 is the one cut off: only S2 can prove S1 still leads, and the read's round reaches
    // it as an InstallSnapshot. Its answer alone confirms the read, with no further round.
    c.heal().isolate(2);
    const read = c.command(0, { type: 'read' });
    expect(c.inbox.filter((e) => e.to === 1).map((e) => e.msg.type)).toEqual(['InstallSnapshot']);
    c.deliverAll();
    expect(c.replies.get(read)).toMatchObject({ ok: true, value: 4 });
  });
});
