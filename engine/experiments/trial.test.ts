import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../kernel/trace';
import { InProcessRunner } from '../runner/inprocess';
import { defaultScenario } from '../scenario/schema';
import { builtinExperiment } from './builtins';
import { measureTrace } from './measures';
import { summarizeExperiment } from './results';
import { parseExperiment, trialScenario, trials, withSeeds } from './spec';
import { stepTime } from './step-timing';
import { runTrial } from './trial';

const ev = (at: number, node: number, rest: Record<string, unknown>): TraceEvent => ({ at, node, incarnation: 0, seq: 0, ...rest }) as TraceEvent;
const obs = (at: number, node: number, what: string, data: Record<string, unknown>) => ev(at, node, { kind: 'observe', what, data });

describe('measures over a trace', () => {
  it('times the recovery from the crash of the current leader, counting election rounds', () => {
    const trace = [
      obs(100, 0, 'election', { term: 1 }),
      obs(120, 0, 'leader', { term: 1 }),
      ev(500, 3, { kind: 'crash' }), // a follower: not a leader crash
      ev(1000, 0, { kind: 'crash' }),
      obs(1150, 1, 'election', { term: 2 }),
      obs(1151, 2, 'election', { term: 2 }), // split vote
      obs(1300, 2, 'election', { term: 3 }),
      obs(1320, 2, 'leader', { term: 3 }),
      obs(1400, 4, 'leader', { term: 4 }),
    ];
    expect(measureTrace(['raft.leaderRecoveryMs', 'raft.electionsPerRecovery', 'raft.firstLeaderMs'], trace)).toEqual([0.32, 2, 0.12]);
  });

  it('ignores the crash of a deposed leader that has not heard of its successor', () => {
    const trace = [
      obs(100, 0, 'leader', { term: 1 }),
      obs(900, 1, 'leader', { term: 2 }), // node 0 was cut off and still believes it leads term 1
      ev(1000, 0, { kind: 'crash' }),
      ev(2000, 1, { kind: 'crash' }),
      obs(2300, 2, 'leader', { term: 3 }),
    ];
    expect(measureTrace(['raft.leaderRecoveryMs'], trace)).toEqual([0.3]);
  });

  it('times a stable leader: the first new one that no later election deposes within a second', () => {
    const trace = [
      obs(100, 0, 'leader', { term: 1 }),
      ev(1_000_000, 0, { kind: 'crash' }),
      obs(1_020_000, 1, 'election', { term: 2 }),
      obs(1_035_000, 1, 'leader', { term: 2 }), // the first new leader...
      obs(1_040_000, 3, 'election', { term: 3 }), // ...deposed at once by a voter that timed out
      obs(1_060_000, 3, 'leader', { term: 3 }),
      obs(1_500_000, 3, 'commit', { index: 5 }),
      obs(2_060_000, 3, 'commit', { index: 9 }), // a second later: still leading, no election since
    ];
    expect(measureTrace(['raft.leaderRecoveryMs', 'raft.stableLeaderMs'], trace)).toEqual([35, 60]);
    // The run ended before a leader had lasted a second: no value.
    expect(measureTrace(['raft.stableLeaderMs'], trace.slice(0, 7))).toEqual([null]);
  });

  it('gives null when there was nothing to measure', () => {
    const trace = [obs(120, 0, 'leader', { term: 1 }), obs(200, 0, 'role', { role: 'follower', term: 1 }), ev(300, 0, { kind: 'crash' })];
    expect(measureTrace(['raft.leaderRecoveryMs', 'raft.electionsPerRecovery'], trace)).toEqual([null, null]);
    expect(measureTrace(['raft.firstLeaderMs'], [])).toEqual([null]);
  });
});

describe('one run of an experiment', () => {
  const spec = parseExperiment({
    experiment: 2,
    name: 'recovery',
    scenario: defaultScenario({ protocol: 'raft', nodes: 5, seed: 0, untilUs: 20_000_000, workload: { kind: 'none' } }),
    seeds: { from: 1, to: 4 },
    variants: [{ name: 'default' }],
    steps: [{ kind: 'raft.crashLeader', atMs: 1000, jitterMs: 50 }],
    measures: ['raft.leaderRecoveryMs', 'raft.electionsPerRecovery', 'raft.firstLeaderMs'],
  });

  it('crashes the node that actually leads, and measures what its trace shows', () => {
    for (const seed of [1, 2, 3, 4]) {
      const result = runTrial(spec, 0, seed);
      const crash = result.crashed[0]!;
      expect(crash).not.toBeNull();
      expect(crash.atMs * 1000).toBe(stepTime(spec.steps[0]!, 0, trialScenario(spec, 0, seed)));
      expect(crash.atMs).toBeGreaterThanOrEqual(1000);
      expect(crash.atMs).toBeLessThan(1050);
      // Replay the same run as a plain scenario with the crash in its timeline: same trace.
      const scenario = trialScenario(spec, 0, seed);
      scenario.timeline = [{ at: crash.atMs * 1000, action: { kind: 'crash', node: crash.node } }];
      const events: TraceEvent[] = [];
      const replay = new InProcessRunner(scenario, { sink: (e) => events.push(e) }).runUntil(result.endMs * 1000);
      expect(replay.summary().traceHash).toBe(result.traceHash);
      // The crashed node was the leader at that moment...
      const leads = events.filter((e) => e.kind === 'observe' && e.what === 'leader' && e.at < crash.atMs * 1000);
      expect(leads.at(-1)!.node).toBe(crash.node);
      // ...and the value is the time to the next leader.
      const next = events.find((e) => e.kind === 'observe' && e.what === 'leader' && e.at > crash.atMs * 1000)!;
      expect(result.values[0]).toBe((next.at - crash.atMs * 1000) / 1000);
      expect(result.values[1]).toBeGreaterThanOrEqual(1);
      expect(result.values[2]).toBe(leads[0]!.at / 1000);
      // The run stopped soon after it had every value.
      expect(result.endMs).toBeLessThanOrEqual(next.at / 1000 + 10);
      expect(result.violations).toEqual([]);
    }
  });

  it('is a pure function of (spec, variant, seed)', () => {
    expect(runTrial(spec, 0, 3)).toEqual(runTrial(spec, 0, 3));
    expect(runTrial(spec, 0, 3).traceHash).not.toBe(runTrial(spec, 0, 4).traceHash);
  });

  it('waits for a leader when none leads at the step time', () => {
    const early = parseExperiment({ ...spec, steps: [{ kind: 'raft.crashLeader', atMs: 1 }] });
    const result = runTrial(early, 0, 1);
    expect(result.crashed[0]!.atMs).toBeGreaterThan(100); // the first election takes 100+ ms
    expect(result.values[0]).toBeGreaterThan(0);
  });

  it('after a slow first election, crashes the new leader the same seeded offset after it appeared', () => {
    const slow = parseExperiment({
      ...spec,
      scenario: { ...spec.scenario, protocol: { name: 'raft', config: { electionTimeoutMsMin: 150, electionTimeoutMsMax: 150, heartbeatIntervalMs: 75, preVote: false } } },
      steps: [{ kind: 'raft.crashLeader', atMs: 300, jitterMs: 75 }],
    });
    const offset = stepTime(slow.steps[0]!, 0, trialScenario(slow, 0, 2)) - 300_000;
    const result = runTrial(slow, 0, 2);
    const first = result.values[2]!;
    expect(first).toBeGreaterThan(300); // no randomness: the first election splits too
    expect(result.crashed[0]!.atMs).toBeGreaterThanOrEqual(first + offset / 1000);
    expect(result.crashed[0]!.atMs).toBeLessThan(first + offset / 1000 + 2);
  });

  it('gives up limitMs after the crash: no value then', () => {
    const limited = parseExperiment({ ...spec, steps: [{ kind: 'raft.crashLeader', atMs: 1000, jitterMs: 50, limitMs: 20 }] });
    const result = runTrial(limited, 0, 1);
    expect(result.values.slice(0, 2)).toEqual([null, null]);
    expect(result.endMs).toBe(result.crashed[0]!.atMs + 20);
  });

  it('runs a plain sweep to the end, with chaos, as the CLI runs one seed', () => {
    const sweep = parseExperiment({ ...spec, name: 'sweep', steps: [], measures: [], chaos: true, scenario: { ...spec.scenario, untilUs: 3_000_000, workload: { kind: 'default' } } });
    const result = runTrial(sweep, 0, 9);
    expect(result.endMs).toBe(3000);
    expect(result.values).toEqual([]);
    const scenario = trialScenario(sweep, 0, 9);
    expect(new InProcessRunner(scenario).runUntil(scenario.untilUs).summary().traceHash).toBe(result.traceHash);
  });
});

describe('Figure 16', () => {
  it('shows split votes: no randomness is slow, a 150 ms spread is fast', () => {
    const spec = withSeeds(builtinExperiment('figure16'), 1, 12);
    const results = [...trials(spec)].filter((t) => t.variantIndex === 0 || t.variantIndex === 5).map((t) => runTrial(spec, t.variantIndex, t.seed));
    const two = { ...spec, variants: [spec.variants[0]!, spec.variants[5]!] };
    const summary = summarizeExperiment(two, results.map((r) => ({ ...r, variantIndex: r.variantIndex === 5 ? 1 : 0 })));
    const [none, wide] = summary.variants.map((v) => v.measures[0]!.stats);
    expect(wide!.missing).toBe(0);
    expect(wide!.median!).toBeLessThan(400);
    // Censored runs count as slower than any value, so the median is null or large.
    expect(none!.median === null || none!.median > 2000).toBe(true);
    expect(summary.variants[0]!.measures[1]!.stats.min!).toBeGreaterThan(summary.variants[1]!.measures[1]!.stats.median!);
  });
});

describe('Figure 16, lower graph (scaled timeouts)', () => {
  const spec = withSeeds(builtinExperiment('figure16-scaled'), 1, 12);

  /** Runs one trial, then replays it as a plain scenario to read its trace. */
  function traced(variantIndex: number, seed: number) {
    const result = runTrial(spec, variantIndex, seed);
    const crash = result.crashed[0]!;
    const scenario = trialScenario(spec, variantIndex, seed);
    scenario.timeline = [{ at: crash.atMs * 1000, action: { kind: 'crash', node: crash.node } }];
    const events: TraceEvent[] = [];
    const replay = new InProcessRunner(scenario, { sink: (e) => events.push(e) }).runUntil(result.endMs * 1000);
    expect(replay.summary().traceHash).toBe(result.traceHash);
    return { result, crash, events };
  }

  it('gives each variant its own heartbeat interval and crashes the leader within one of them', () => {
    for (const [variantIndex, heartbeatUs] of [[0, 6_000], [1, 12_500]] as const) {
      for (const seed of [1, 2]) {
        const { crash, events } = traced(variantIndex, seed);
        expect(crash.atMs).toBeGreaterThanOrEqual(2000);
        expect(crash.atMs * 1000).toBeLessThan(2_000_000 + heartbeatUs);
        // The crashed node led, and its heartbeat timer fired exactly one interval apart.
        const leads = events.filter((e) => e.kind === 'observe' && e.what === 'leader' && e.at < crash.atMs * 1000);
        expect(leads.at(-1)!.node).toBe(crash.node);
        const beats = events.filter((e) => e.kind === 'timer' && e.name === 'heartbeat' && e.node === crash.node && e.at > leads.at(-1)!.at).map((e) => e.at);
        expect(beats.length).toBeGreaterThan(100);
        expect(new Set(beats.slice(1).map((at, i) => at - beats[i]!))).toEqual(new Set([heartbeatUs]));
      }
    }
  });

  it('runs its 150–300 ms line exactly as the top graph runs it', () => {
    const top = builtinExperiment('figure16');
    // A run ends once its measures have values: compare with the top graph's measures.
    const sameMeasures = { ...spec, measures: top.measures };
    for (const seed of [1, 2]) expect(runTrial(sameMeasures, 4, seed).traceHash).toBe(runTrial(top, 5, seed).traceHash);
  });

  it('detects the crash sooner with 12–24 ms, but needs more election rounds', () => {
    const line = (variantIndex: number) => Array.from({ length: 12 }, (_, i) => runTrial(spec, variantIndex, i + 1).values as number[]);
    const short = line(0);
    const long = line(4);
    expect(Math.max(...short.map((v) => v[0]!))).toBeLessThan(Math.min(...long.map((v) => v[0]!)));
    const rounds = (runs: number[][]) => runs.reduce((sum, v) => sum + v[1]!, 0) / runs.length;
    expect(rounds(short)).toBeGreaterThan(1.5);
    expect(rounds(long)).toBeLessThan(1.2);
  });
});
