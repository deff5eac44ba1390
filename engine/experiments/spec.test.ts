import { describe, expect, it } from 'vitest';
import { defaultScenario } from '../scenario/schema';
import { builtinExperiment, builtinExperimentNames } from './builtins';
import { experimentFromText, ExperimentError, parseExperiment, runCount, trialScenario, trials, withSeeds } from './spec';

const base = () => ({
  experiment: 2,
  name: 'mine',
  scenario: defaultScenario({ protocol: 'raft', seed: 0, untilUs: 5_000_000 }),
  seeds: { from: 1, to: 10 },
  variants: [{ name: 'a', config: { electionTimeoutMsMin: 150, electionTimeoutMsMax: 300 } }],
  measures: ['raft.firstLeaderMs'],
});

describe('experiment specs', () => {
  it('fills defaults and keeps the template checked', () => {
    const spec = parseExperiment(base());
    expect(spec).toMatchObject({ title: 'mine', steps: [], chaos: false, stopWhenMeasured: true });
    expect(runCount(spec)).toBe(10);
    const minimal = parseExperiment({ experiment: 2, name: 'x', scenario: { version: 1, protocol: { name: 'ping' }, nodes: 3, network: { latencyUs: { min: 1000, max: 2000 } } }, seeds: { from: 0, to: 0 } });
    expect(minimal.variants).toEqual([{ name: 'default', config: {}, network: {} }]);
  });

  it('names the first problem of bad input', () => {
    const cases: [unknown, RegExp][] = [
      [{ ...base(), experiment: 3 }, /^experiment: /],
      [{ ...base(), name: 'Has Spaces' }, /^name: name must be lowercase/],
      [{ ...base(), seeds: { from: 5, to: 1 } }, /seeds.to must not be below seeds.from/],
      [{ ...base(), seeds: { from: 0, to: 200_000 } }, /at most 100000 seeds/],
      [{ ...base(), seeds: { from: -1, to: 3 } }, /^seeds.from: /],
      [{ ...base(), measures: ['nope'] }, /^measures.0: a measure is one of firstObservedMs:<what>, observedCount:<what>, messagesPerOperation, messagesPerOkOperation, okOperationLatencyMs, metric:<name>:<stat> or a protocol's/],
      [{ ...base(), measures: ['raft.nope'] }, /^measures.0: raft has no measure "nope" \(known: raft.leaderRecoveryMs, /],
      [{ ...base(), measures: ['nonesuch.chosenMs'] }, /^measures.0: "nonesuch" is not a protocol with measures/],
      [{ ...base(), measures: ['firstObservedMs'] }, /^measures.0: "firstObservedMs" takes an observation after a colon/],
      [{ ...base(), measures: ['metric:latency:p42'] }, /^measures.0: "metric" takes a metric name and one of min, median/],
      [{ ...base(), measures: ['ping.detectionMs'] }, /^measures.0: a ping measure in an experiment whose scenario runs raft/],
      [{ ...base(), steps: [{ kind: 'raft.crashEverything', atMs: 1000 }] }, /^steps.0.kind: raft has no step "crashEverything" \(known: raft.crashLeader\)/],
      [{ ...base(), steps: [{ kind: 'raft.crashLeader', atMs: 1000, node: 2 }] }, /^steps.0.node: /],
      [{ ...base(), steps: [{ kind: 'crash', atMs: 1000 }] }, /^steps.0.node: /],
      [{ ...base(), steps: [{ kind: 'crash', atMs: 1000, node: 7 }] }, /^steps.0.node: the scenario has only 5 nodes/],
      [{ ...base(), variants: [] }, /give at least one variant/],
      [{ ...base(), variants: [{ name: 'a' }, { name: 'a' }] }, /variants.1.name: "a" is used twice/],
      [{ ...base(), variants: [{ name: 'bad', config: { heartbeatIntervalMs: 200 } }] }, /^variants.0: protocol.config: heartbeatIntervalMs \(200\) must be below/],
      [{ ...base(), variants: [{ name: 'bad', config: { frobs: 1 } }] }, /unknown raft setting "frobs"/],
      [{ ...base(), scenario: { ...base().scenario, nodes: 0 } }, /^scenario.nodes: /],
      [{ ...base(), scenario: { ...base().scenario, protocol: { name: 'nonesuch' } } }, /unknown protocol "nonesuch"/],
      [{ ...base(), steps: [{ kind: 'raft.crashLeader', atMs: 9_000 }] }, /steps.0.atMs: after the end of the run/],
      [{ ...base(), steps: [{ kind: 'explode', atMs: 1 }] }, /^steps.0.kind: a step is one of crash, restart or a protocol's/],
      [{ ...base(), steps: [{ kind: 'explode' }] }, /^steps.0.atMs: is missing/],
      [{ ...base(), steps: [{ kind: 'raft.crashLeader', atMs: 1000, jitterMs: 'often' }] }, /^steps.0.jitterMs: jitterMs must be a number of ms or "heartbeat"/],
      [{ ...base(), steps: [{ kind: 'raft.crashLeader', atMs: 1000, jitterMs: -1 }] }, /^steps.0.jitterMs: /],
      [
        { ...base(), scenario: defaultScenario({ protocol: 'ping', seed: 0, untilUs: 5_000_000 }), variants: [{ name: 'a' }], measures: [], steps: [{ kind: 'crash', node: 1, atMs: 1000, jitterMs: 'heartbeat' }] },
        /^steps.0.jitterMs: jitterMs "heartbeat" needs a protocol with a heartbeat interval, not ping/,
      ],
      [{ ...base(), extra: true }, /^extra: /],
      [{ ...base(), seeds: { from: 1, to: 50_000 }, variants: Array.from({ length: 5 }, (_, i) => ({ name: `v${i}` })) }, /250000 runs is more than/],
    ];
    for (const [input, message] of cases) {
      expect(() => parseExperiment(input), JSON.stringify(input).slice(0, 80)).toThrow(ExperimentError);
      expect(() => parseExperiment(input)).toThrow(message);
    }
  });

  it('opens format-1 files: their step and measures were Raft\'s, and get its name', () => {
    const old = parseExperiment({ ...base(), experiment: 1, steps: [{ kind: 'crashLeader', atMs: 1000, jitterMs: 50 }], measures: ['leaderRecoveryMs', 'electionsPerRecovery'] });
    expect(old.experiment).toBe(2);
    expect(old.steps).toEqual([{ kind: 'raft.crashLeader', atMs: 1000, jitterMs: 50, limitMs: null }]);
    expect(old.measures).toEqual(['raft.leaderRecoveryMs', 'raft.electionsPerRecovery']);
    expect(() => parseExperiment({ ...base(), experiment: 1, measures: ['speed'] })).toThrow(/^measures.0: raft has no measure "speed"/);
  });

  it('takes generic steps and measures in any protocol', () => {
    const spec = parseExperiment({
      ...base(),
      scenario: defaultScenario({ protocol: 'ping', seed: 0, untilUs: 5_000_000 }),
      variants: [{ name: 'a' }],
      steps: [{ kind: 'crash', node: 1, atMs: 1000 }, { kind: 'restart', node: 1, atMs: 2000, jitterMs: 10 }],
      measures: ['firstObservedMs:suspect', 'observedCount:trust', 'messagesPerOperation', 'metric:rttMs:p99'],
    });
    expect(spec.steps.map((s) => [s.kind, s.node])).toEqual([['crash', 1], ['restart', 1]]);
  });

  it('reads files as untrusted JSON', () => {
    expect(() => experimentFromText('{"experiment": 1, "name": ')).toThrow(/is not valid JSON/);
    expect(() => experimentFromText('{"__proto__": {"x": 1}}')).toThrow(/contains the key "__proto__"/);
    expect(experimentFromText(JSON.stringify(base())).name).toBe('mine');
  });

  it('makes each run from the template, the variant and the seed', () => {
    const spec = parseExperiment({ ...base(), chaos: true });
    const s = trialScenario(spec, 0, 7);
    expect(s.seed).toBe(7);
    expect(s.protocol.config).toEqual({ electionTimeoutMsMin: 150, electionTimeoutMsMax: 300 });
    expect(s.healedAtUs).toBe(3_750_000);
    expect(s.timeline.length).toBeGreaterThan(0);
    expect(trialScenario(spec, 0, 8).timeline).not.toEqual(s.timeline);
    expect(() => trialScenario(spec, 3, 1)).toThrow(/no variant 3/);
    expect([...trials(withSeeds(spec, 3, 4))]).toEqual([
      { variantIndex: 0, seed: 3 },
      { variantIndex: 0, seed: 4 },
    ]);
  });

  it('adds a named nemesis to each run (chaos: true alone is the random one), and re-parses to the same spec', () => {
    const steering = parseExperiment({ ...base(), nemesis: 'steering' });
    expect(steering).toMatchObject({ chaos: true, nemesis: 'steering' });
    expect(withSeeds(steering, 3, 4)).toMatchObject({ chaos: true, nemesis: 'steering' });
    const run = trialScenario(steering, 0, 7);
    expect(run.timeline.some((t) => t.action.kind === 'command' && t.action.command.type === 'forceElection')).toBe(true);
    expect(parseExperiment({ ...base(), chaos: true }).nemesis).toBe('random');
    expect(parseExperiment(base()).nemesis).toBeNull();
    expect(() => parseExperiment({ ...base(), nemesis: 'gremlins' })).toThrow(/^nemesis: nemesis is one of random, steering, /);
    const ping = { ...base(), scenario: defaultScenario({ protocol: 'ping', seed: 0, untilUs: 5_000_000 }), variants: [{ name: 'a' }], measures: [] };
    expect(() => parseExperiment({ ...ping, nemesis: 'figure8' })).toThrow(/steers Raft/);
  });

  it('has Figure 16 built in: six timeout ranges over one template', () => {
    expect(builtinExperimentNames('raft')).toEqual(['figure16', 'figure16-jitter', 'figure16-scaled', 'costs-raft-n3', 'costs-raft-n5', 'costs-raft-n7']);
    expect(builtinExperimentNames()).toEqual(expect.arrayContaining(['figure16', 'ping-detection']));
    const spec = builtinExperiment('figure16');
    expect(spec.variants.map((v) => v.name)).toEqual(['150–150 ms', '150–151 ms', '150–155 ms', '150–175 ms', '150–200 ms', '150–300 ms']);
    expect(spec.scenario.nodes).toBe(5);
    expect(spec.scenario.network.latencyUs).toEqual({ min: 7000, max: 8000 });
    expect(builtinExperiment('figure16-jitter').scenario.network.latencyUs).toEqual({ min: 5000, max: 15000 });
    expect(() => builtinExperiment('figure17')).toThrow(/unknown experiment "figure17" \(built in: (.+, )?figure16, figure16-jitter, figure16-scaled/);
    expect(() => builtinExperiment('__proto__')).toThrow(/unknown experiment/);
  });

  it('has the lower graph built in: five scaled timeouts, each with its own heartbeat and crash jitter', () => {
    const spec = builtinExperiment('figure16-scaled');
    expect(spec.variants.map((v) => v.name)).toEqual(['12–24 ms', '25–50 ms', '50–100 ms', '100–200 ms', '150–300 ms']);
    // §9.3: the heartbeat interval is half the minimum timeout in every test.
    expect(spec.variants.map((v) => v.config)).toEqual([
      { electionTimeoutMsMin: 12, electionTimeoutMsMax: 24, heartbeatIntervalMs: 6 },
      { electionTimeoutMsMin: 25, electionTimeoutMsMax: 50, heartbeatIntervalMs: 12.5 },
      { electionTimeoutMsMin: 50, electionTimeoutMsMax: 100, heartbeatIntervalMs: 25 },
      { electionTimeoutMsMin: 100, electionTimeoutMsMax: 200, heartbeatIntervalMs: 50 },
      { electionTimeoutMsMin: 150, electionTimeoutMsMax: 300, heartbeatIntervalMs: 75 },
    ]);
    expect(spec.scenario).toMatchObject({ nodes: 5, network: { latencyUs: { min: 7000, max: 8000 } }, workload: { kind: 'none' }, protocol: { config: { preVote: false } } });
    expect(spec.steps).toEqual([{ kind: 'raft.crashLeader', atMs: 2000, jitterMs: 'heartbeat', limitMs: 60_000 }]);
    expect(spec.measures).toEqual(['raft.leaderRecoveryMs', 'raft.electionsPerRecovery', 'raft.stableLeaderMs']);
  });

  it('still reads a step with a fixed jitter, or none, as before', () => {
    const fixed = parseExperiment({ ...base(), steps: [{ kind: 'raft.crashLeader', atMs: 1000, jitterMs: 50 }, { kind: 'raft.crashLeader', atMs: 2000 }] });
    expect(fixed.steps).toEqual([
      { kind: 'raft.crashLeader', atMs: 1000, jitterMs: 50, limitMs: null },
      { kind: 'raft.crashLeader', atMs: 2000, jitterMs: 0, limitMs: null },
    ]);
    expect(builtinExperiment('figure16').steps[0]!.jitterMs).toBe(75);
  });
});

describe('a variant that sets the node count (a group-size sweep)', () => {
  it('runs the template with that many nodes, and checks steps against the smallest', () => {
    const spec = parseExperiment({ ...base(), variants: [{ name: 'three', nodes: 3 }, { name: 'seven', nodes: 7 }], steps: [{ kind: 'crash', node: 2, atMs: 1000 }] });
    expect(trialScenario(spec, 0, 1).nodes).toBe(3);
    expect(trialScenario(spec, 1, 1).nodes).toBe(7);
    expect(spec.variants[1]).toMatchObject({ name: 'seven', nodes: 7 });
    expect(() => parseExperiment({ ...base(), variants: [{ name: 'three', nodes: 3 }, { name: 'five' }], steps: [{ kind: 'crash', node: 3, atMs: 1000 }] })).toThrow(
      /steps\.0\.node: the scenario has only 3 nodes/,
    );
    expect(() => parseExperiment({ ...base(), variants: [{ name: 'none', nodes: 0 }] })).toThrow(ExperimentError);
  });
});
