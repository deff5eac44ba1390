import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TimedAction } from '../engine/kernel/actions';
import { InProcessRunner } from '../engine/runner/inprocess';
import { chaosTimeline } from '../engine/scenario/chaos';
import { defaultScenario, type Scenario } from '../engine/scenario/schema';
import { WorkerCoordinator, type WorkerFactory } from './coordinator';
import { nodeWorkerFactory } from './node-factory';
import { workerRuns } from './test-support/worker-runs';

let factory: WorkerFactory;
beforeAll(async () => {
  factory = await nodeWorkerFactory();
});

async function runInWorkers(s: Scenario, until = s.untilUs) {
  const coordinator = new WorkerCoordinator(s, factory);
  try {
    await coordinator.start();
    await coordinator.runUntil(until);
    return coordinator.summary();
  } finally {
    await coordinator.close();
  }
}

/** A chaotic scenario: nemesis faults plus the user's own actions, all from one seed. */
const chaoticScenario = (protocol: 'ping' | 'raft') => fc
  .record({
    seed: fc.integer({ min: 0, max: 0xffffffff }),
    nodes: fc.integer({ min: 1, max: 7 }),
    latencyMin: fc.integer({ min: 200, max: 20_000 }),
    latencySpread: fc.integer({ min: 0, max: 30_000 }),
    lossRate: fc.double({ min: 0, max: 0.3, noNaN: true }),
    duplicateRate: fc.double({ min: 0, max: 0.2, noNaN: true }),
    commands: fc.array(fc.record({ at: fc.integer({ min: 0, max: 1_500_000 }), node: fc.nat(), value: fc.nat(1000) }), { maxLength: 5 }),
    // Raft's log compaction (§7): off, every few entries (InstallSnapshot after most crashes), default.
    snapshotThreshold: fc.constantFrom(0, 3, 1000),
  })
  .map((p): Scenario => {
    const untilUs = 1_500_000;
    const base = defaultScenario({
      protocol,
      nodes: p.nodes,
      seed: p.seed,
      untilUs,
      ...(protocol === 'raft' ? { config: { snapshotThreshold: p.snapshotThreshold } } : {}),
      network: { latencyUs: { min: p.latencyMin, max: p.latencyMin + p.latencySpread }, lossRate: p.lossRate, duplicateRate: p.duplicateRate },
    });
    const chaos = chaosTimeline({ seed: p.seed, nodes: p.nodes, untilUs, meanGapUs: 100_000 });
    const command = (value: number) =>
      protocol === 'ping' ? { type: 'Echo', value } : value % 3 === 0 ? { type: 'forceElection' } : { type: 'write', value };
    const user: TimedAction[] = p.commands.map((c) => ({
      at: c.at,
      action: { kind: 'command', node: c.node % p.nodes, command: command(c.value) },
    }));
    const timeline = [...chaos.timeline, ...user].sort((a, b) => a.at - b.at);
    return { ...base, timeline, healedAtUs: chaos.healedAtUs };
  });

describe('the worker runner matches the in-process runner', () => {
  it.each([
    ['ping', workerRuns(25)],
    ['raft', workerRuns(15)],
  ] as const)('%s: on %i seeded chaotic scenarios, byte for byte (trace hash and counts)', async (protocol, numRuns) => {
    await fc.assert(
      fc.asyncProperty(chaoticScenario(protocol), async (s) => {
        const inProcess = new InProcessRunner(s).runUntil(s.untilUs).summary();
        const workers = await runInWorkers(s);
        if (workers.traceHash !== inProcess.traceHash) {
          console.error(`hash mismatch: replay with seed ${s.seed}, ${s.nodes} nodes`, JSON.stringify(s));
        }
        expect(workers.traceHash).toBe(inProcess.traceHash);
        expect(workers.events).toBe(inProcess.events);
        expect(workers.messages).toEqual(inProcess.messages);
      }),
      { numRuns, verbose: 1 },
    );
  });

  it('when a worker run starts from an in-process snapshot', async () => {
    const s = fc.sample(chaoticScenario('raft'), { seed: 42, numRuns: 1 })[0]!;
    const scenario: Scenario = { ...s, nodes: 4, timeline: s.timeline.filter((t) => !('node' in t.action) || t.action.node < 4) };
    const cleaned = { ...scenario, timeline: scenario.timeline.filter((t) => t.action.kind !== 'partition') };
    const reference = new InProcessRunner(cleaned).runUntil(cleaned.untilUs).summary();
    const snapshot = new InProcessRunner(cleaned).runUntil(700_000).snapshot();
    const coordinator = new WorkerCoordinator(cleaned, factory);
    try {
      await coordinator.start(snapshot);
      await coordinator.runUntil(cleaned.untilUs);
      expect(coordinator.summary().traceHash).toBe(reference.traceHash);
    } finally {
      await coordinator.close();
    }
  });

  it('single-event steps in workers match single-event steps in process', async () => {
    const s = defaultScenario({
      protocol: 'ping',
      nodes: 3,
      seed: 5,
      timeline: [
        { at: 100_000, action: { kind: 'crash', node: 2 } },
        { at: 180_000, action: { kind: 'restart', node: 2 } },
      ],
    });
    const inProcess = new InProcessRunner(s);
    const coordinator = new WorkerCoordinator(s, factory);
    try {
      await coordinator.start();
      for (let i = 0; i < 120; i++) {
        expect(coordinator.nextEventKey()).toEqual(inProcess.nextEventKey());
        inProcess.step();
        await coordinator.step();
      }
      expect(coordinator.now).toBeGreaterThan(100_000);
      expect(coordinator.summary().traceHash).toBe(inProcess.summary().traceHash);
      expect(coordinator.summary().events).toBe(inProcess.summary().events);
    } finally {
      await coordinator.close();
    }
  });

  it('a worker snapshot restores into the in-process runner', async () => {
    const s = defaultScenario({ protocol: 'ping', nodes: 4, seed: 77, untilUs: 2_000_000, network: { lossRate: 0.1 } });
    const reference = new InProcessRunner(s).runUntil(s.untilUs).summary();
    const coordinator = new WorkerCoordinator(s, factory);
    try {
      await coordinator.start();
      await coordinator.runUntil(900_000);
      const snapshot = await coordinator.snapshot();
      const resumed = InProcessRunner.restore(snapshot).runUntil(s.untilUs).summary();
      expect(resumed.traceHash).toBe(reference.traceHash);
    } finally {
      await coordinator.close();
    }
  });
});

afterAll(() => undefined);
