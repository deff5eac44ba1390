import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../kernel/trace';
import type { Micros } from '../kernel/time';
import { getProtocol } from '../protocols/registry';
import { InProcessRunner } from '../runner/inprocess';
import { parseCatalog } from './lesson';
import { parseScenario, type Scenario } from './schema';

/**
 * The built-in scenarios (public/scenarios/, listed in index.json) parse, have the page's
 * shape (15 slots, spares down, five initial members), run without a violation, and show what
 * they are named after. Each check reads the trace the in-process runner produced, which is the
 * trace the page's worker runner produces for the same scenario.
 */
const dir = join(__dirname, '..', '..', 'public', 'scenarios');
const read = (file: string) => JSON.parse(readFileSync(join(dir, file), 'utf8')) as unknown;
const catalog = parseCatalog(read('index.json'), 'scenarios');

interface View {
  role: string;
  term: number;
  commitIndex: number;
  members: number[];
  matchIndex: number[] | null;
  log: { index: number; term: number; kind: string; value: unknown }[];
}

/** A run that can be inspected part-way: `at(t)` runs to t and returns the views of the moment. */
class Run {
  readonly trace: TraceEvent[] = [];
  readonly runner: InProcessRunner;
  constructor(readonly scenario: Scenario) {
    this.runner = new InProcessRunner(scenario, { sink: (e) => this.trace.push(e) });
  }
  at(t: Micros): (View | null)[] {
    this.runner.runUntil(t);
    return this.runner.views().map((v) => (v.view ? (v.view.protocol as View) : null));
  }
  finish(): (View | null)[] {
    const views = this.at(this.scenario.untilUs);
    expect(this.runner.summary().violations).toEqual([]);
    return views;
  }
  observed(what: string, from = 0, to = Number.MAX_SAFE_INTEGER) {
    return this.trace.filter(
      (e): e is Extract<TraceEvent, { kind: 'observe' }> => e.kind === 'observe' && e.what === what && e.at >= from && e.at < to,
    );
  }
  leaders(from = 0, to = Number.MAX_SAFE_INTEGER) {
    return this.observed('leader', from, to).map((e) => ({ node: e.node, term: (e.data as { term: number }).term, at: e.at }));
  }
  /** Terms whose election started in [from, to) and that never got a leader. */
  splitTerms(from = 0, to = Number.MAX_SAFE_INTEGER): number[] {
    const won = new Set(this.leaders().map((l) => l.term));
    const started = new Set(this.observed('election', from, to).map((e) => (e.data as { term: number }).term));
    return [...started].filter((t) => !won.has(t)).sort((a, b) => a - b);
  }
}

const load = (file: string) => new Run(parseScenario(read(file)));
const leaderOf = (views: (View | null)[]) => views.findIndex((v) => v?.role === 'leader');
const termsOf = (v: View | null) => v!.log.map((e) => e.term);
const s = (ms: number) => ms * 1000;

describe('built-in scenarios', () => {
  it('index.json lists every scenario file, once', () => {
    const files = readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'index.json').sort();
    expect(catalog.map((e) => e.file).sort()).toEqual(files);
    expect(catalog.length).toBeGreaterThanOrEqual(9);
  });

  for (const entry of catalog) {
    it(`${entry.file} parses and has the page's shape`, () => {
      const scenario = parseScenario(read(entry.file));
      getProtocol(scenario.protocol.name).configure(scenario.protocol.config);
      expect(entry.id).toBe(entry.file.replace(/\.json$/, ''));
      // Other systems' scenarios are checked beside their protocol (engine/protocols/NAME/builtins.test.ts).
      if (scenario.protocol.name !== 'raft') return;
      // The page's 15 server slots; client nodes (raft-clients.json) come after them.
      expect(scenario.topology?.groups[0]?.count ?? scenario.nodes).toBe(15);
      expect(scenario.initiallyDown).toEqual([5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
      expect(scenario.protocol.config.initialMembers).toEqual([0, 1, 2, 3, 4]);
    });
  }

  it('first-election: S2 times out first and wins term 1, without a second election', () => {
    const run = load('first-election.json');
    run.finish();
    expect(run.leaders()).toEqual([{ node: 1, term: 1, at: expect.any(Number) }]);
    expect(run.leaders()[0]!.at).toBeLessThan(s(300));
    expect(run.observed('election').map((e) => e.node)).toEqual([1]);
  });

  it('log-replication: steady writes commit on every server, and every log is the same', () => {
    const run = load('log-replication.json');
    const views = run.finish();
    expect(run.leaders().map((l) => l.node)).toEqual([1]);
    const up = views.slice(0, 5);
    for (const v of up) expect(v!.commitIndex).toBeGreaterThanOrEqual(35);
    expect(new Set(up.map((v) => JSON.stringify(v!.log))).size).toBe(1);
  });

  it('leader-crash: the crash hits the actual leader, and a follower wins a higher term', () => {
    const run = load('leader-crash.json');
    const crashAt = run.scenario.timeline.find((t) => t.action.kind === 'crash')!;
    const before = run.at(crashAt.at);
    expect(crashAt.action).toEqual({ kind: 'crash', node: leaderOf(before) });
    const oldTerm = before[leaderOf(before)]!.term;
    const after = run.at(crashAt.at + s(1000));
    const next = leaderOf(after);
    expect(next).not.toBe(1);
    expect(after[next]!.term).toBeGreaterThan(oldTerm);
    const end = run.finish();
    // S2 restarted as a follower and caught up.
    expect(end[1]!.role).toBe('follower');
    expect(end[1]!.commitIndex).toBe(end[leaderOf(end)]!.commitIndex);
  });

  it('split-vote: elections end without a winner, at the start and again after the leader crashes', () => {
    const run = load('split-vote.json');
    const crash = run.scenario.timeline.find((t) => t.action.kind === 'crash')!;
    const before = run.at(crash.at);
    expect(crash.action).toEqual({ kind: 'crash', node: leaderOf(before) });
    run.finish();
    expect(run.splitTerms(0, crash.at).length).toBeGreaterThanOrEqual(2);
    expect(run.splitTerms(crash.at).length).toBeGreaterThanOrEqual(1);
    // In a split term several candidates each hold some votes and none holds a majority.
    const firstSplit = run.splitTerms()[0]!;
    const candidates = run.observed('election').filter((e) => (e.data as { term: number }).term === firstSplit);
    expect(candidates.length).toBeGreaterThanOrEqual(2);
    expect(run.leaders().length).toBe(2);
  });

  it('minority-partition: the stale leader appends writes it cannot commit while the majority commits', () => {
    const run = load('minority-partition.json');
    const part = run.scenario.timeline.find((t) => t.action.kind === 'partition')!;
    const groups = (part.action as { groups: number[][] }).groups;
    const before = run.at(part.at);
    const stale = leaderOf(before);
    const minority = groups.find((g) => g.includes(stale))!;
    expect(minority).toHaveLength(2);
    const commitThen = before[stale]!.commitIndex;
    const end = run.finish();
    // Its commitIndex never moved, though its log grew (writes 901-903 among them).
    expect(run.observed('commit', part.at).filter((e) => minority.includes(e.node))).toEqual([]);
    expect(end[stale]!.commitIndex).toBe(commitThen);
    expect(end[stale]!.log.length).toBeGreaterThan(commitThen + 3);
    expect(end[stale]!.log.map((e) => e.value)).toEqual(expect.arrayContaining([901, 902, 903]));
    // The majority elected a leader of a higher term and committed well beyond.
    const newLeader = leaderOf(end);
    expect(minority).not.toContain(newLeader);
    expect(end[newLeader]!.term).toBeGreaterThan(before[stale]!.term);
    expect(end[newLeader]!.commitIndex).toBeGreaterThan(commitThen + 10);
  });

  it('partition-heals: after the heal the stale entries are truncated and every log agrees', () => {
    const run = load('partition-heals.json');
    const part = run.scenario.timeline.find((t) => t.action.kind === 'partition')!;
    const heal = run.scenario.timeline.find((t) => t.action.kind === 'heal')!;
    const before = run.at(part.at);
    const stale = leaderOf(before);
    expect((part.action as { groups: number[][] }).groups[0]).toContain(stale);
    const split = run.at(heal.at);
    expect(split[stale]!.log.map((e) => e.value)).toEqual(expect.arrayContaining([901, 902, 903]));
    const end = run.finish();
    const truncated = run.observed('truncate', heal.at).map((e) => e.node);
    expect(truncated).toContain(stale);
    const logs = end.slice(0, 5).map((v) => JSON.stringify(v!.log));
    expect(new Set(logs).size).toBe(1);
    expect(end[0]!.log.map((e) => e.value)).not.toContain(901);
  });

  it('figure-8 (a)-(d): an entry of term 2 on a majority is not committed, and is then overwritten', () => {
    const run = load('figure-8.json');
    // (a) S1 leads term 2; its index 2 is on S1 and S2 only.
    let v = run.at(s(470));
    expect([v[0]!.role, v[0]!.term]).toEqual(['leader', 2]);
    expect(v.slice(0, 5).map(termsOf)).toEqual([[1, 2], [1, 2], [1], [1], [1]]);
    // (b) S5 leads term 3 with its own index 2; S1 is down.
    v = run.at(s(570));
    expect(v[0]).toBeNull();
    expect([v[4]!.role, v[4]!.term]).toEqual(['leader', 3]);
    expect(termsOf(v[4]!)).toEqual([1, 3]);
    // (c) S1 leads term 4; index 2 (term 2) is on S1, S2, S3, and S1 knows it, yet does not commit it.
    v = run.at(s(740));
    expect([v[0]!.role, v[0]!.term]).toEqual(['leader', 4]);
    expect(v.slice(0, 3).map((x) => x!.log[1]!.term)).toEqual([2, 2, 2]);
    expect(v[0]!.matchIndex![1]).toBeGreaterThanOrEqual(2);
    expect(v[0]!.matchIndex![2]).toBe(2);
    expect(v[0]!.commitIndex).toBeLessThan(2);
    expect(v[4]).toBeNull();
    // No server ever committed index 2 while it held term 2, nor S1's entry of term 4.
    const end = run.finish();
    const commitOf = (e: { data: unknown }) => e.data as { index: number; term: number };
    expect(run.observed('commit', 0, s(860)).filter((e) => commitOf(e).index >= 2)).toEqual([]);
    expect(run.observed('commit').filter((e) => commitOf(e).term === 2 || commitOf(e).term === 4)).toEqual([]);
    // (d) S5 wins term 5 and overwrites index 2 on S2 and S3 with its entry of term 3.
    expect(run.leaders().map((l) => [l.node, l.term])).toEqual([[1, 1], [0, 2], [4, 3], [0, 4], [4, 5]]);
    const overwritten = run.observed('truncate', s(740)).map((e) => [e.node, (e.data as { from: number }).from]);
    expect(overwritten).toEqual(expect.arrayContaining([[1, 2], [2, 2], [0, 2]]));
    for (const x of end.slice(0, 5)) expect(termsOf(x)).toEqual([1, 3, 5]);
  });

  it('figure-8-commit (e): an entry of the current term on a majority commits the old one with it', () => {
    const run = load('figure-8-commit.json');
    const end = run.finish();
    const commits = run.observed('commit').filter((e) => e.node === 0 && (e.data as { term: number }).term === 4);
    expect(commits.map((e) => e.data)).toEqual([{ index: 3, term: 4 }]);
    // S5 (log ending in term 3) can no longer win: its forced elections find no majority.
    const afterCommit = commits[0]!.at;
    expect(run.observed('election', afterCommit).filter((e) => e.node === 4).length).toBeGreaterThanOrEqual(2);
    expect(run.leaders(afterCommit).map((l) => l.node)).not.toContain(4);
    for (const x of end.slice(0, 5)) expect(termsOf(x).slice(0, 3)).toEqual([1, 2, 4]);
  });

  it('membership-change: two servers join, one leaves, and the leader removes itself and steps down', () => {
    const run = load('membership-change.json');
    const end = run.finish();
    const configs = run.observed('config').filter((e) => e.node === 3).map((e) => (e.data as { members: number[] }).members);
    expect(configs).toEqual([
      [0, 1, 2, 3, 4, 5],
      [0, 1, 2, 3, 4, 5, 6],
      [1, 2, 3, 4, 5, 6],
      [1, 2, 4, 5, 6],
    ]);
    // The leader of term 1 was S4 (node 3), the one every change was sent to.
    expect(run.leaders()[0]).toMatchObject({ node: 3, term: 1 });
    const isSelfRemoval = (c: unknown) => (c as { type: string; node?: number }).type === 'removeServer' && (c as { node?: number }).node === 3;
    const removal = run.scenario.timeline.find((t) => t.action.kind === 'command' && isSelfRemoval(t.action.command))!;
    const roles = run.observed('role', removal.at).filter((e) => e.node === 3).map((e) => (e.data as { role: string }).role);
    expect(roles[0]).toBe('follower');
    const last = run.leaders().at(-1)!;
    expect(last.at).toBeGreaterThan(removal.at);
    expect([1, 2, 4, 5, 6]).toContain(last.node);
    for (const id of [1, 2, 4, 5, 6]) {
      expect(end[id]!.members).toEqual([1, 2, 4, 5, 6]);
      expect(end[id]!.commitIndex).toBe(end[last.node]!.commitIndex);
    }
  });

  it('network-storms: the leader survives loss, no leader survives the latency storm, and calm brings one back', () => {
    const run = load('network-storms.json');
    const [loss, latency, calm] = run.scenario.timeline.map((t) => t.at) as [number, number, number];
    const atLatency = run.at(latency);
    const commitAtLatency = Math.max(...atLatency.slice(0, 5).map((v) => v!.commitIndex));
    const end = run.finish();
    expect(run.observed('election', loss, latency)).toEqual([]);
    expect(leaderOf(atLatency)).toBeGreaterThanOrEqual(0);
    // Messages slower than the election timeout: elections start, none is won.
    expect(run.observed('election', latency, calm).length).toBeGreaterThanOrEqual(3);
    expect(run.leaders(latency, calm)).toEqual([]);
    expect(run.observed('commit', latency + s(400), calm)).toEqual([]);
    expect(run.leaders(calm).length).toBe(1);
    expect(end[leaderOf(end)]!.commitIndex).toBeGreaterThan(commitAtLatency + 5);
  });

  it('raft-clients: the crash hits the leader; the clients retry and are answered by the new one; the history is linearizable', () => {
    const run = load('raft-clients.json');
    const crash = run.scenario.timeline.find((t) => t.action.kind === 'crash')!;
    const before = run.at(crash.at);
    expect(crash.action).toEqual({ kind: 'crash', node: leaderOf(before) });
    run.finish();
    const clients = [15, 16, 17];
    const invokes = run.trace.filter((e) => e.kind === 'invoke');
    expect(new Set(invokes.map((e) => e.node))).toEqual(new Set(clients));
    expect(run.trace.some((e) => e.kind === 'send' && e.msg.type === 'ClientRedirect')).toBe(true);
    const retries = run.trace.filter((e) => e.kind === 'send' && e.msg.type === 'ClientRequest' && e.at > crash.at && (e.msg as unknown as { attempt: number }).attempt > 1);
    expect(retries.length).toBeGreaterThan(0);
    const newLeader = run.leaders(crash.at).at(0)!.node;
    const answered = run.trace.filter((e) => e.kind === 'send' && e.msg.type === 'ClientResponse' && e.at > crash.at);
    expect(answered.length).toBeGreaterThan(10);
    expect(answered.every((e) => e.node === newLeader)).toBe(true);
    expect((run.runner.summary().stats as Record<string, unknown>).linearizable).toBe(true);
  });
});
