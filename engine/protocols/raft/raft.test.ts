import { describe, expect, it } from 'vitest';
import { InProcessRunner } from '../../runner/inprocess';
import { defaultScenario, type Scenario } from '../../scenario/schema';
import { raft, type RaftCommand } from './raft';

type View = { role: string; term: number; logLength: number; commitIndex: number; log: { index: number; term: number }[] };
const viewsOf = (r: InProcessRunner) => r.views().map((v) => (v.view ? (v.view.protocol as View) : null));

function healthy(partial: Partial<Parameters<typeof defaultScenario>[0]> = {}): Scenario {
  return defaultScenario({ protocol: 'raft', nodes: 5, untilUs: 3_000_000, ...partial });
}

describe('raft in the in-process runner', () => {
  it('elects one leader and commits the default write load', () => {
    const s = healthy();
    const r = new InProcessRunner(s).runUntil(s.untilUs);
    const summary = r.summary();
    expect(summary.violations).toEqual([]);
    expect(summary.stats).toMatchObject({ term: 1, leaderChanges: 1, electionsStarted: 1 });
    expect(summary.stats.committed as number).toBeGreaterThan(250);
    const views = viewsOf(r);
    expect(views.filter((v) => v?.role === 'leader')).toHaveLength(1);
    // Every follower holds the committed prefix; view() caps the log it hands out.
    for (const v of views) {
      expect(v!.commitIndex).toBeGreaterThan(250);
      expect(v!.log.length).toBeLessThanOrEqual(200);
      expect(v!.log.at(-1)!.index).toBe(v!.logLength);
    }
  });

  it('is deterministic and resumes from a JSON snapshot to the same trace', () => {
    const s = healthy({ network: { lossRate: 0.05, duplicateRate: 0.05 }, timeline: [{ at: 1_000_000, action: { kind: 'crash', node: 0 } }] });
    const a = new InProcessRunner(s).runUntil(s.untilUs).summary();
    const b = new InProcessRunner(s).runUntil(1_234_567);
    const snapshot = JSON.parse(JSON.stringify(b.snapshot()));
    const resumed = InProcessRunner.restore(snapshot).runUntil(s.untilUs).summary();
    expect(resumed.traceHash).toBe(a.traceHash);
    expect(a.violations).toEqual([]);
  });

  it('a crashed follower recovers its durable log and catches up after restart', () => {
    const s = healthy({
      timeline: [
        { at: 1_000_000, action: { kind: 'crash', node: 3 } },
        { at: 2_000_000, action: { kind: 'restart', node: 3 } },
      ],
    });
    const r = new InProcessRunner(s).runUntil(1_999_999);
    const leader = viewsOf(r).findIndex((v) => v?.role === 'leader');
    r.runUntil(s.untilUs);
    expect(r.summary().violations).toEqual([]);
    const views = viewsOf(r);
    expect(views[3]!.commitIndex).toBeGreaterThan(250);
    expect(views[3]!.logLength).toBeGreaterThanOrEqual(views[3]!.commitIndex);
    expect(views[leader]!.role).toBe('leader');
  });

  it.each([
    [true, 1],
    [false, 2],
  ])('with preVote %s, a node cut off for 2 s rejoins with %i leader change(s) in all', (preVote, changes) => {
    // No writes, so the rejoining node's log is as complete as anyone's: only Pre-Vote's
    // lease (thesis §9.6) tells it apart from a real candidate.
    const s = healthy({
      config: { preVote },
      workload: { kind: 'none' },
      untilUs: 4_000_000,
      timeline: [
        { at: 1_000_000, action: { kind: 'partition', groups: [[4], [0, 1, 2, 3]] } },
        { at: 3_000_000, action: { kind: 'heal' } },
      ],
    });
    const summary = new InProcessRunner(s).runUntil(s.untilUs).summary();
    expect(summary.violations).toEqual([]);
    expect(summary.stats.leaderChanges).toBe(changes);
  });

  it('runs membership changes issued as user actions', () => {
    const add: RaftCommand = { type: 'addServer', node: 3 };
    const remove: RaftCommand = { type: 'removeServer', node: 0 };
    const s = healthy({
      nodes: 4,
      config: { initialMembers: [0, 1, 2] },
      timeline: [
        { at: 1_000_000, action: { kind: 'command', node: 0, command: add } },
        { at: 2_000_000, action: { kind: 'command', node: 1, command: remove } },
      ],
    });
    const returns: unknown[] = [];
    const r = new InProcessRunner(s, { sink: (e) => e.kind === 'return' && e.opId >= 2 ** 30 && returns.push(e.result) }).runUntil(s.untilUs);
    expect(r.summary().violations).toEqual([]);
    expect(returns).toEqual([expect.objectContaining({ ok: true }), expect.objectContaining({ ok: true })]);
    const views = viewsOf(r) as (View & { members: number[] })[];
    expect(views[3]!.members).toEqual([1, 2, 3]);
    expect(views.filter((v) => v.role === 'leader').length).toBe(1);
    expect(views[0]!.role).toBe('follower');
  });
});

describe('raft configuration', () => {
  it('fills defaults in microseconds', () => {
    expect(raft.configure({})).toEqual({
      electionTimeoutMinUs: 100_000,
      electionTimeoutMaxUs: 200_000,
      heartbeatIntervalUs: 50_000,
      preVote: true,
      checkQuorum: true,
      maxEntriesPerAppend: 64,
      initialMembers: null,
      thesisMembership: true,
      keepTimerOnNewTerm: true,
      readAcksThisTermOnly: true,
      snapshotThreshold: 1000,
      readFraction: 0,
      kvKeys: 0,
    });
    expect(raft.configure({ readFraction: 0.25 }).readFraction).toBe(0.25);
    expect(() => raft.configure({ readFraction: 1.5 })).toThrow(/readFraction must be between 0 and 1/);
    expect(() => raft.configure({ readFraction: '0.5' })).toThrow(/readFraction must be a number/);
    expect(raft.configure({ kvKeys: 5 }).kvKeys).toBe(5);
    expect(() => raft.configure({ kvKeys: 2.5 })).toThrow(/kvKeys must be a whole number/);
    expect(raft.configure({ electionTimeoutMsMin: 300 }).electionTimeoutMaxUs).toBe(600_000);
    expect(raft.configure({ initialMembers: [2, 0, 2] }).initialMembers).toEqual([0, 2]);
  });

  it.each([
    [{ electionTimeoutMsMin: -1 }, /electionTimeoutMsMin/],
    [{ electionTimeoutMsMin: 200, electionTimeoutMsMax: 100 }, /electionTimeoutMsMax/],
    [{ heartbeatIntervalMs: 150 }, /heartbeatIntervalMs/],
    [{ preVote: 'yes' }, /preVote/],
    [{ thesisMembership: 1 }, /thesisMembership/],
    [{ keepTimerOnNewTerm: 'no' }, /keepTimerOnNewTerm/],
    [{ maxEntriesPerAppend: 2.5 }, /maxEntriesPerAppend/],
    [{ initialMembers: [] }, /initialMembers/],
    [{ initialMembers: [0, -1] }, /initialMembers/],
    [{ electionTimeout: 100 }, /electionTimeout/],
    [{ snapshotThreshold: -1 }, /snapshotThreshold/],
    [{ snapshotThreshold: 10.5 }, /snapshotThreshold/],
  ])('rejects %j naming the field', (raw, field) => {
    expect(() => raft.configure(raw)).toThrow(RangeError);
    expect(() => raft.configure(raw)).toThrow(field);
  });
});
