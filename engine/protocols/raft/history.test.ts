import { describe, expect, it } from 'vitest';
import type { AnyProtocol } from '../../kernel/protocol';
import type { TraceEvent } from '../../kernel/trace';
import { InProcessRunner } from '../../runner/inprocess';
import type { RunSummary } from '../../runner/summary';
import { withNemesis, type NemesisName } from '../../scenario/nemesis';
import { defaultScenario, parseScenario, type Scenario } from '../../scenario/schema';
import { raftChaosScenario } from './chaos-scenario';
import { historyOperations, raftHistoryMonitor } from './history';
import { raft } from './raft';
import type { RaftCommand, RaftState } from './types';

/** The chaotic run of `seed` with reads in the workload. */
function withReads(seed: number, nemesis: NemesisName, readFraction = 0.3): Scenario {
  const scenario = raftChaosScenario(seed, nemesis);
  return { ...scenario, protocol: { ...scenario.protocol, config: { ...(scenario.protocol.config as object), readFraction } } };
}

function run(scenario: Scenario, protocol?: AnyProtocol): RunSummary {
  return new InProcessRunner(scenario, protocol ? { protocol } : {}).runUntil(scenario.untilUs).summary();
}

/** Feeds a hand-written history to a fresh monitor: [kind, opId, at, node, command or result]. */
function feed(events: [('invoke' | 'return'), number, number, number, unknown][], options = {}) {
  const monitor = raftHistoryMonitor(options);
  events.forEach(([kind, opId, at, node, payload], seq) => {
    const base = { at, node, incarnation: 0, seq };
    const event: TraceEvent =
      kind === 'invoke' ? { ...base, kind, opId, command: payload as { type: string } } : { ...base, kind, opId, result: payload };
    monitor.observe(event);
  });
  return monitor;
}

describe('the client history of a Raft run', () => {
  it('keeps refused writes and failed reads out, and unanswered writes as may-or-may-not', () => {
    const monitor = feed([
      ['invoke', 0, 10, 0, { type: 'write', value: 0 }],
      ['invoke', 1, 20, 1, { type: 'write', value: 1 }],
      ['invoke', 2, 30, 2, { type: 'write', value: 2 }],
      ['invoke', 3, 40, 3, { type: 'read' }],
      ['invoke', 4, 50, 4, { type: 'read' }],
      ['invoke', 5, 55, 4, { type: 'read' }],
      ['invoke', 6, 56, 4, { type: 'forceElection' }],
      ['return', 0, 60, 0, { ok: true, index: 1 }],
      ['return', 1, 70, 1, { ok: false, error: 'no leader' }],
      ['return', 3, 80, 0, { ok: true, index: 1, value: 0 }],
      ['return', 4, 90, 4, { ok: false, error: 'leadership lost' }],
      ['return', 6, 95, 4, { ok: true, term: 3 }],
      // A second answer to the same operation is not the client's.
      ['return', 0, 99, 0, { ok: false, error: 'not leader' }],
    ]);
    expect(historyOperations(monitor.state())).toEqual([
      { client: 0, input: { kind: 'write', key: 'x', value: 0 }, output: 'ok', call: 10, return: 60 },
      // write 2 never returned, but nobody read 2: it is left out as if it never happened.
      { client: 3, input: { kind: 'read', key: 'x' }, output: 0, call: 40, return: 80 },
    ]);
    const { stats, violations } = monitor.finish({ untilUs: 100, healedAtUs: null });
    expect(stats).toMatchObject({ linearizable: true, historyOps: 4, historyReads: 1 });
    expect(violations).toEqual([]);
  });

  it('an unanswered write that a read saw may have happened', () => {
    const monitor = feed([
      ['invoke', 0, 10, 0, { type: 'write', value: 7 }],
      ['invoke', 1, 100, 1, { type: 'read' }],
      ['return', 1, 120, 1, { ok: true, index: 2, value: 7 }],
    ]);
    expect(monitor.finish({ untilUs: 200, healedAtUs: null }).stats.linearizable).toBe(true);
  });

  it('a stale read is a Linearizability violation that names the few operations', () => {
    const monitor = feed([
      ['invoke', 0, 10, 0, { type: 'write', value: 1 }],
      ['return', 0, 20, 0, { ok: true, index: 1 }],
      ['invoke', 1, 30, 0, { type: 'write', value: 2 }],
      ['return', 1, 40, 0, { ok: true, index: 2 }],
      ['invoke', 2, 50, 3, { type: 'read' }],
      ['return', 2, 60, 3, { ok: true, index: 1, value: 1 }],
    ]);
    const { stats, violations } = monitor.finish({ untilUs: 100, healedAtUs: null });
    expect(stats.linearizable).toBe(false);
    expect(violations).toHaveLength(1);
    expect(violations[0]!.invariant).toBe('Linearizability');
    expect(violations[0]!.message).toMatch(/these 2 operations cannot be linearized/);
    expect(violations[0]!.message).toContain('write("x", 2) by client 0 (30–40 µs)');
    expect(violations[0]!.message).toContain('read("x") → 1 by client 3 (50–60 µs)');
  });

  it('out of steps, the verdict is unknown: a stat, not a violation', () => {
    const events: [('invoke' | 'return'), number, number, number, unknown][] = [];
    for (let i = 0; i < 12; i++) events.push(['invoke', i, i, 0, { type: 'write', value: i }]);
    for (let i = 0; i < 12; i++) events.push(['return', i, 100 + i, 0, { ok: true, index: i + 1 }]);
    events.push(['invoke', 99, 200, 1, { type: 'read' }], ['return', 99, 210, 1, { ok: true, index: 12, value: 5 }]);
    const { stats, violations } = feed(events, { maxSteps: 3 }).finish({ untilUs: 300, healedAtUs: null });
    expect(stats.linearizable).toBe('unknown');
    expect(String(stats.linearizabilityNote)).toMatch(/within 3 search steps/);
    expect(violations).toEqual([]);
  });

  it('past its cap the history is not recorded and the verdict is unknown', () => {
    const monitor = feed(
      [
        ['invoke', 0, 10, 0, { type: 'write', value: 1 }],
        ['invoke', 1, 20, 0, { type: 'write', value: 2 }],
      ],
      { maxOps: 1 },
    );
    expect(monitor.finish({ untilUs: 100, healedAtUs: null }).stats).toMatchObject({ linearizable: 'unknown', historyOps: 1 });
  });

  it('keeps a history of writes only short, and still judges the reads that come after', () => {
    const events: [('invoke' | 'return'), number, number, number, unknown][] = [];
    // Overlapping writes, two in flight at a time, 20,000 of them.
    for (let i = 0; i < 20_000; i++) {
      events.push(['invoke', i, 10 * i, i % 5, { type: 'write', value: i }]);
      if (i > 0) events.push(['return', i - 1, 10 * i + 5, (i - 1) % 5, { ok: true, index: i }]);
    }
    const read = (value: number): [('invoke' | 'return'), number, number, number, unknown][] => [
      ['invoke', 100_000, 300_000, 1, { type: 'read' }],
      ['return', 100_000, 300_010, 1, { ok: true, index: 1, value }],
    ];
    // The last write is still in flight; the one before it returned before it was called.
    const fresh = feed([...events, ...read(19_999)]);
    expect(fresh.state().kind.length).toBeLessThan(5_000);
    expect(fresh.finish({ untilUs: 400_000, healedAtUs: null }).stats).toMatchObject({ linearizable: true, historyOps: 20_001 });
    // 19,997 and 19,998 overlapped: either may have been last.
    expect(feed([...events, ...read(19_998)]).finish({ untilUs: 400_000, healedAtUs: null }).stats.linearizable).toBe(true);
    expect(feed([...events, ...read(19_997)]).finish({ untilUs: 400_000, healedAtUs: null }).stats.linearizable).toBe(true);
    // 19,996 returned before 19,998 was called.
    const stale = feed([...events, ...read(19_996)]).finish({ untilUs: 400_000, healedAtUs: null });
    expect(stale.stats.linearizable).toBe(false);
    expect(stale.violations[0]!.message).toMatch(/these 2 operations cannot be linearized/);
    expect(stale.violations[0]!.message).toContain('read("x") → 19996');
  });

  it('snapshots as plain data and resumes where it was', () => {
    const monitor = feed([['invoke', 0, 10, 0, { type: 'write', value: 1 }]]);
    const snapshot = JSON.parse(JSON.stringify(monitor.snapshot()));
    const resumed = raftHistoryMonitor();
    resumed.restore(snapshot);
    for (const m of [monitor, resumed]) {
      m.observe({ at: 20, node: 0, incarnation: 0, seq: 1, kind: 'return', opId: 0, result: { ok: true, index: 1 } });
      m.observe({ at: 30, node: 1, incarnation: 0, seq: 0, kind: 'invoke', opId: 1, command: { type: 'read' } });
      m.observe({ at: 40, node: 1, incarnation: 0, seq: 1, kind: 'return', opId: 1, result: { ok: true, index: 1, value: null } });
    }
    expect(resumed.state()).toEqual(monitor.state());
    expect(resumed.finish({ untilUs: 50, healedAtUs: null }).stats.linearizable).toBe(false);
  });
});

describe('readFraction', () => {
  it('makes the default workload read, and leaves runs without it as they were', () => {
    const scenario = defaultScenario({ protocol: 'raft', nodes: 3, seed: 4, untilUs: 2_000_000 });
    const plain = run(scenario);
    const zero = run({ ...scenario, protocol: { name: 'raft', config: { readFraction: 0 } } });
    expect(zero.traceHash).toBe(plain.traceHash);
    expect(plain.stats.historyReads).toBe(0);
    const reads = run({ ...scenario, protocol: { name: 'raft', config: { readFraction: 0.5 } } });
    expect(reads.stats.historyReads as number).toBeGreaterThan(50);
    expect(reads.stats.linearizable).toBe(true);
  });
});

describe('Raft under chaos is linearizable, with reads', () => {
  const SEEDS = Number(process.env.RAFT_HISTORY_SEEDS ?? 12);
  for (const nemesis of ['random', 'steering'] as const) {
    it(`seeds 1..${SEEDS} of the ${nemesis} nemesis, 30% reads`, () => {
      let reads = 0;
      for (let seed = 1; seed <= SEEDS; seed++) {
        const summary = run(withReads(seed, nemesis));
        expect(summary.violations, `seed ${seed}`).toEqual([]);
        expect(summary.stats.linearizable, `seed ${seed}`).toBe(true);
        reads += summary.stats.historyReads as number;
      }
      expect(reads).toBeGreaterThan(SEEDS * 20);
    });
  }
});

/**
 * The planted bug of mutants.ts ("follower-reads-own-log"), here as a wrapper around the real
 * protocol: a follower answers a read from its own applied state instead of forwarding it.
 */
const followerReadsOwnLog: AnyProtocol = {
  ...raft,
  onCommand(state: RaftState, ctx, command: RaftCommand, opId: number) {
    if (command.type === 'read' && state.role !== 'leader') {
      ctx.reply(opId, { ok: true, index: state.commitIndex, value: state.appliedValue });
      return;
    }
    raft.onCommand(state, ctx, command, opId);
  },
};

describe('a follower answering reads from its own log', () => {
  it('is caught as a Linearizability violation with a minimal history', () => {
    let caught: RunSummary | null = null;
    for (let seed = 1; seed <= 10 && caught === null; seed++) {
      const summary = run(withReads(seed, 'random'), followerReadsOwnLog);
      if (summary.violations.some((v) => v.invariant === 'Linearizability')) caught = summary;
    }
    expect(caught, 'no seed of 1..10 caught it').not.toBeNull();
    expect(caught!.stats.linearizable).toBe(false);
    const message = caught!.violations.find((v) => v.invariant === 'Linearizability')!.message;
    const count = /these (\d+) operations cannot be linearized|this operation cannot/.exec(message);
    expect(count, message).not.toBeNull();
    // A stale read needs the read and the write it missed, maybe the write it saw: a few, not thousands.
    expect(Number(count![1] ?? 1), message).toBeLessThanOrEqual(4);
    expect(message).toMatch(/read\("x"\) → /);
  });
});

describe('ReadIndex counts only acknowledgements of this term (readAcksThisTermOnly)', () => {
  // Found by the checker: seed 34 of the steering nemesis, 30% reads. A leader re-elected into
  // the next term took rejections of its previous term's AppendEntries (they carry the
  // follower's new term and echo the old round, and rounds restarted at 0) as proof of
  // leadership, and answered a read with a value a newer leader had overwritten.
  const seed34 = (config: Record<string, unknown>) =>
    withNemesis(
      parseScenario({
        version: 2,
        seed: 34,
        protocol: { name: 'raft', config: { readFraction: 0.3, ...config } },
        nodes: 5,
        network: { latencyUs: { min: 10_000, max: 15_000 } },
        untilUs: 60_000_000,
      }),
      'steering',
    );
  const run = (s: Scenario) => new InProcessRunner(s).runUntil(s.untilUs).summary();

  it('with the rule (the default), the run is linearizable', () => {
    const summary = run(seed34({}));
    expect(summary.violations).toEqual([]);
    expect(summary.stats.linearizable).toBe(true);
    expect(summary.stats.historyReads as number).toBeGreaterThan(1000);
  });

  it('without it (as format-1 links run), the stale read is there and reported', () => {
    const summary = run(seed34({ readAcksThisTermOnly: false }));
    expect(summary.violations.map((v) => v.invariant)).toEqual(['Linearizability']);
  });
});
