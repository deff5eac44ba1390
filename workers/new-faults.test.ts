import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Action, TimedAction } from '../engine/kernel/actions';
import type { TraceEvent } from '../engine/kernel/trace';
import { InProcessRunner } from '../engine/runner/inprocess';
import { parseScenario, type Scenario } from '../engine/scenario/schema';
import { FaultState } from '../engine/kernel/faults';
import { defaultScenario } from '../engine/scenario/schema';
import { WorkerCoordinator, type WorkerFactory } from './coordinator';
import { instantStages, needsCoordinator } from './instant-stages';
import { nodeWorkerFactory } from './node-factory';
import { workerRuns } from './test-support/worker-runs';

/**
 * The pause and byzantine faults and the spans, across both runners: the worker runner must give
 * exactly the in-process trace, span fields included (they are not in the hash, so the whole
 * traces are compared here). Pauses, resumes and byzantine policies fall at random times and
 * at one instant with any other action (a resume runs what waited, like a boot or a command, so
 * a crash after it in the same instant needs the coordinator's stages).
 *
 * Cost: ~160 worker runs of up to 4 nodes, 15 to 40 s on this 2-core machine.
 */

let factory: WorkerFactory;
beforeAll(async () => {
  factory = await nodeWorkerFactory();
});

const WORKER_RUN_TIMEOUT_MS = 15_000;

async function workerTrace(s: Scenario): Promise<{ hash: string; trace: TraceEvent[] }> {
  const trace: TraceEvent[] = [];
  const coordinator = new WorkerCoordinator(s, factory, { sink: (e) => trace.push(e) });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the worker runner did not finish in ${WORKER_RUN_TIMEOUT_MS / 1000} s`)), WORKER_RUN_TIMEOUT_MS);
  });
  try {
    return await Promise.race([
      (async () => {
        await coordinator.start();
        await coordinator.runUntil(s.untilUs);
        return { hash: coordinator.summary().traceHash, trace };
      })(),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
    await coordinator.close();
  }
}

async function expectSameTrace(s: Scenario): Promise<void> {
  const replay = `replay: save this as a file and run npm run sim -- --scenario FILE --runner workers\n${JSON.stringify(s)}`;
  const inProcessTrace: TraceEvent[] = [];
  const inProcess = new InProcessRunner(s, { sink: (e) => inProcessTrace.push(e) }).runUntil(s.untilUs).summary();
  let workers: { hash: string; trace: TraceEvent[] };
  try {
    workers = await workerTrace(s);
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${replay}`);
  }
  expect(workers.hash, replay).toBe(inProcess.traceHash);
  // Whole events, span fields and forged flags included, in canonical order.
  expect(workers.trace.length, replay).toBe(inProcessTrace.length);
  const i = workers.trace.findIndex((e, k) => JSON.stringify(e) !== JSON.stringify(inProcessTrace[k]));
  if (i >= 0) expect(workers.trace[i], `first difference at event ${i}\n${replay}`).toEqual(inProcessTrace[i]);
}

type ProtocolName = 'ping' | 'raft';

/** Every action kind, the new ones weighing most. */
function actionOf(nodes: number, protocol: ProtocolName): fc.Arbitrary<Action> {
  const node = fc.integer({ min: 0, max: nodes - 1 });
  const command = protocol === 'raft'
    ? fc.constantFrom({ type: 'forceElection' }, { type: 'write', value: 7 }, { type: 'read' })
    : fc.nat(100).map((value) => ({ type: 'Echo', value }));
  const arbitraries: fc.WeightedArbitrary<Action>[] = [
    { arbitrary: node.map((n) => ({ kind: 'pause' as const, node: n })), weight: 4 },
    { arbitrary: node.map((n) => ({ kind: 'resume' as const, node: n })), weight: 4 },
    { arbitrary: node.map((n) => ({ kind: 'crash' as const, node: n })), weight: 2 },
    { arbitrary: node.map((n) => ({ kind: 'restart' as const, node: n })), weight: 2 },
    { arbitrary: fc.record({ kind: fc.constant('command' as const), node, command }), weight: 2 },
    { arbitrary: fc.record({ kind: fc.constantFrom('cut' as const, 'restore' as const), from: node, to: node, oneWay: fc.boolean() }), weight: 1 },
    { arbitrary: fc.constant({ kind: 'heal' as const }), weight: 1 },
    {
      arbitrary: fc.record({ kind: fc.constant('drop' as const), id: fc.record({ from: node, fromIncarnation: fc.nat(1), fromSeq: fc.integer({ min: 1, max: 40 }) }) }),
      weight: 1,
    },
  ];
  // Raft declares no policies; ping's are forge-nonce (its monitor stops the run) and silent.
  if (protocol === 'ping') {
    arbitraries.push({
      arbitrary: fc.record({ kind: fc.constant('byzantine' as const), node, policy: fc.constantFrom('silent', 'silent', 'forge-nonce', null) }),
      weight: 3,
    });
  }
  return fc.oneof(...arbitraries);
}

const cluster = fc.record({
  protocol: fc.constantFrom<ProtocolName>('ping', 'raft'),
  nodes: fc.integer({ min: 1, max: 4 }),
  seed: fc.integer({ min: 0, max: 0xffffffff }),
  latencyMin: fc.integer({ min: 2_000, max: 15_000 }),
  lossRate: fc.constantFrom(0, 0, 0.1),
});

function scenario(p: { protocol: ProtocolName; nodes: number; seed: number; latencyMin: number; lossRate: number }, timeline: TimedAction[], untilUs: number) {
  return parseScenario({
    version: 2,
    seed: p.seed,
    protocol: { name: p.protocol, config: {} },
    nodes: p.nodes,
    network: { latencyUs: { min: p.latencyMin, max: p.latencyMin + 5_000 }, lossRate: p.lossRate, duplicateRate: 0 },
    timeline: [...timeline].sort((a, b) => a.at - b.at),
    untilUs,
  });
}

/** 3 to 10 actions at random times (pauses of a few ms to most of the run). */
const randomTimes = cluster.chain((p) =>
  fc
    .array(fc.record({ at: fc.integer({ min: 0, max: 400_000 }), action: actionOf(p.nodes, p.protocol) }), { minLength: 3, maxLength: 10 })
    .map((timeline) => scenario(p, timeline, 500_000)),
);

/** `count` actions at one instant (0 or later), plus a pause of a node a little before it. */
function sameInstant(count: number): fc.Arbitrary<Scenario> {
  return cluster.chain((p) =>
    fc
      .record({
        at: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 200_000 })),
        pausedBefore: fc.option(fc.integer({ min: 0, max: p.nodes - 1 })),
        actions: fc.array(actionOf(p.nodes, p.protocol), { minLength: count, maxLength: count }),
      })
      .map(({ at, pausedBefore, actions }) => {
        const timeline: TimedAction[] = actions.map((action) => ({ at, action }));
        if (pausedBefore !== null && at > 50_000) timeline.unshift({ at: at - 50_000, action: { kind: 'pause', node: pausedBefore } });
        return scenario(p, timeline, 300_000);
      }),
  );
}

describe('pause, byzantine and spans: the worker runner matches the in-process runner', () => {
  it('a pause, a crash of the paused node and its restart, then a resume of another paused node and a crash at its instant', async () => {
    await expectSameTrace(
      scenario({ protocol: 'raft', nodes: 3, seed: 5, latencyMin: 10_000, lossRate: 0 }, [
        { at: 100_000, action: { kind: 'pause', node: 0 } },
        { at: 100_000, action: { kind: 'pause', node: 1 } },
        { at: 300_000, action: { kind: 'crash', node: 0 } },
        { at: 350_000, action: { kind: 'restart', node: 0 } },
        { at: 600_000, action: { kind: 'resume', node: 1 } },
        { at: 600_000, action: { kind: 'crash', node: 2 } },
      ], 1_000_000),
    );
  });

  it('ping: a forging node is caught at the same event in both runners', async () => {
    const s = scenario({ protocol: 'ping', nodes: 3, seed: 2, latencyMin: 5_000, lossRate: 0 }, [
      { at: 200_000, action: { kind: 'byzantine', node: 1, policy: 'forge-nonce' } },
    ], 1_000_000);
    await expectSameTrace(s);
    expect(new InProcessRunner(s).runUntil(s.untilUs).violation?.invariant).toBe('Pong answers a Ping');
  });

  it('actions at random times', async () => {
    await fc.assert(fc.asyncProperty(randomTimes, expectSameTrace), { numRuns: workerRuns(30) });
  });

  it('any two actions at one instant', async () => {
    await fc.assert(fc.asyncProperty(sameInstant(2), expectSameTrace), { numRuns: workerRuns(30) });
  });

  it('any three actions at one instant', async () => {
    await fc.assert(fc.asyncProperty(sameInstant(3), expectSameTrace), { numRuns: workerRuns(20) });
  });

  it('single-event steps agree while a node is paused and at its resume', async () => {
    const s = defaultScenario({
      protocol: 'ping',
      nodes: 3,
      seed: 5,
      timeline: [
        { at: 60_000, action: { kind: 'pause', node: 1 } },
        { at: 160_000, action: { kind: 'resume', node: 1 } },
      ],
    });
    const inProcess = new InProcessRunner(s);
    const coordinator = new WorkerCoordinator(s, factory);
    try {
      await coordinator.start();
      for (let i = 0; i < 160; i++) {
        expect(coordinator.nextEventKey()).toEqual(inProcess.nextEventKey());
        inProcess.step();
        await coordinator.step();
      }
      expect(coordinator.now).toBeGreaterThan(160_000);
      expect(coordinator.summary().traceHash).toBe(inProcess.summary().traceHash);
    } finally {
      await coordinator.close();
    }
  });

  it('snapshots cross runners while a node is paused (what it holds goes along)', async () => {
    const s = defaultScenario({
      protocol: 'raft',
      nodes: 3,
      seed: 9,
      untilUs: 2_000_000,
      timeline: [
        { at: 500_000, action: { kind: 'pause', node: 0 } },
        { at: 1_400_000, action: { kind: 'resume', node: 0 } },
      ],
    });
    const reference = new InProcessRunner(s).runUntil(s.untilUs).summary();
    const fromWorkers = new WorkerCoordinator(s, factory);
    try {
      await fromWorkers.start();
      await fromWorkers.runUntil(900_000);
      const snapshot = await fromWorkers.snapshot();
      expect(snapshot.hosts[0]?.held?.length).toBeGreaterThan(0);
      expect(InProcessRunner.restore(snapshot).runUntil(s.untilUs).summary().traceHash).toBe(reference.traceHash);
    } finally {
      await fromWorkers.close();
    }
    const intoWorkers = new WorkerCoordinator(s, factory);
    try {
      await intoWorkers.start(new InProcessRunner(s).runUntil(1_000_000).snapshot());
      await intoWorkers.runUntil(s.untilUs);
      expect(intoWorkers.summary().traceHash).toBe(reference.traceHash);
    } finally {
      await intoWorkers.close();
    }
  });

  it('a resume acts at its instant: a crash of another node after it waits for a stage', () => {
    const faults = new FaultState({ latencyUs: { min: 1000, max: 1000 }, lossRate: 0, duplicateRate: 0 }, 3);
    faults.apply({ kind: 'pause', node: 0 });
    const actions = [
      { kind: 'resume' as const, node: 0 },
      { kind: 'crash' as const, node: 1 },
    ];
    expect(needsCoordinator(actions)).toBe(true);
    expect(instantStages(faults, actions).map((st) => st.count)).toEqual([1, 1]);
    // A resume of a node that is not paused does nothing, so nothing needs to wait.
    expect(instantStages(new FaultState(faults.network, 3), actions).map((st) => st.count)).toEqual([2]);
  });
});
