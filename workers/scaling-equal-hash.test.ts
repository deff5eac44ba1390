import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InProcessRunner } from '../engine/runner/inprocess';
import { chaosTimeline } from '../engine/scenario/chaos';
import { defaultScenario, type Scenario } from '../engine/scenario/schema';
import type { TraceEvent } from '../engine/kernel/trace';
import { WorkerCoordinator, type WorkerFactory } from './coordinator';
import { nodeWorkerFactory } from './node-factory';

/**
 * Nodes asking for nodes (kernel/scaling.ts) in both runners: ping with `autoscale`, whose
 * members call in a spare observer when they start suspecting a peer, under the nemesis.
 */
let factory: WorkerFactory;
beforeAll(async () => {
  factory = await nodeWorkerFactory();
});
afterAll(() => undefined);

const scalingScenario = fc
  .record({
    seed: fc.integer({ min: 0, max: 0xffffffff }),
    members: fc.integer({ min: 2, max: 4 }),
    spares: fc.integer({ min: 1, max: 3 }),
    latencyMin: fc.integer({ min: 500, max: 20_000 }),
    latencySpread: fc.integer({ min: 0, max: 20_000 }),
    lossRate: fc.double({ min: 0, max: 0.2, noNaN: true }),
  })
  .map((p): Scenario => {
    const untilUs = 1_500_000;
    const nodes = p.members + p.spares;
    const chaos = chaosTimeline({ seed: p.seed, nodes, untilUs, meanGapUs: 120_000 });
    return {
      ...defaultScenario({
        protocol: 'ping',
        seed: p.seed,
        untilUs,
        config: { autoscale: true, suspectAfterMs: 150 },
        topology: { groups: [{ kind: 'member', count: p.members }, { kind: 'observer', count: p.spares }] },
        network: { latencyUs: { min: p.latencyMin, max: p.latencyMin + p.latencySpread }, lossRate: p.lossRate },
        timeline: chaos.timeline,
      }),
      initiallyDown: Array.from({ length: p.spares }, (_, i) => p.members + i),
      healedAtUs: chaos.healedAtUs,
    };
  });

async function inWorkers<T>(s: Scenario, body: (c: WorkerCoordinator) => Promise<T>): Promise<T> {
  const coordinator = new WorkerCoordinator(s, factory);
  try {
    return await body(coordinator);
  } finally {
    await coordinator.close();
  }
}

describe('nodes asking for nodes, in both runners', () => {
  it('gives the same trace in workers as in process, on seeded chaotic autoscaling runs', async () => {
    let requests = 0;
    await fc.assert(
      fc.asyncProperty(scalingScenario, async (s) => {
        const trace: TraceEvent[] = [];
        const inProcess = new InProcessRunner(s, { sink: (e) => trace.push(e) }).runUntil(s.untilUs).summary();
        requests += trace.filter((e) => e.kind === 'scale').length;
        const workers = await inWorkers(s, async (c) => {
          await c.start();
          await c.runUntil(s.untilUs);
          return c.summary();
        });
        if (workers.traceHash !== inProcess.traceHash) console.error(`hash mismatch: replay with seed ${s.seed}`, JSON.stringify(s));
        expect(workers.traceHash).toBe(inProcess.traceHash);
        expect(workers.events).toBe(inProcess.events);
      }),
      { numRuns: 15 },
    );
    expect(requests).toBeGreaterThan(10);
  });

  it('resumes across runners from snapshots taken between a request and its effect', async () => {
    const s = fc.sample(scalingScenario, { seed: 7, numRuns: 1 })[0]!;
    const trace: TraceEvent[] = [];
    const reference = new InProcessRunner(s, { sink: (e) => trace.push(e) }).runUntil(s.untilUs).summary();
    const asked = trace.find((e): e is Extract<TraceEvent, { kind: 'scale' }> => e.kind === 'scale');
    expect(asked).toBeDefined();
    const cut = asked!.effectAt - 1;
    // In process to workers.
    const snapshot = new InProcessRunner(s).runUntil(cut).snapshot();
    expect(snapshot.scaling?.pending.length).toBeGreaterThan(0);
    const fromInProcess = await inWorkers(s, async (c) => {
      await c.start(snapshot);
      await c.runUntil(s.untilUs);
      return c.summary();
    });
    expect(fromInProcess.traceHash).toBe(reference.traceHash);
    // Workers to in process.
    const workerSnapshot = await inWorkers(s, async (c) => {
      await c.start();
      await c.runUntil(cut);
      return c.snapshot();
    });
    expect(workerSnapshot.scaling?.pending.length).toBeGreaterThan(0);
    const resumed = InProcessRunner.restore(JSON.parse(JSON.stringify(workerSnapshot))).runUntil(s.untilUs).summary();
    expect(resumed.traceHash).toBe(reference.traceHash);
  });

  it('agrees when the timeline acts at the very instants requests take effect (crash then start one node, commands)', async () => {
    let crashedThenStarted = 0;
    for (const seed of [3, 11, 29]) {
      const base = fc.sample(scalingScenario, { seed, numRuns: 1 })[0]!;
      const trace: TraceEvent[] = [];
      new InProcessRunner(base, { sink: (e) => trace.push(e) }).runUntil(base.untilUs);
      const instants = [...new Set(trace.filter((e): e is Extract<TraceEvent, { kind: 'scale' }> => e.kind === 'scale').map((e) => e.effectAt))];
      expect(instants.length, `seed ${seed}`).toBeGreaterThan(0);
      const firstSpare = base.initiallyDown[0]!;
      // At each effect instant the timeline first crashes the first spare (up or not) and pokes a
      // member: a request starting that spare then restarts a node crashed in the same instant.
      const extra = instants.flatMap((at) => [
        { at, action: { kind: 'crash' as const, node: firstSpare } },
        { at, action: { kind: 'command' as const, node: 0, command: { type: 'Echo', value: at } } },
      ]);
      const s: Scenario = { ...base, timeline: [...base.timeline, ...extra].sort((a, b) => a.at - b.at) };
      const edited: TraceEvent[] = [];
      const inProcess = new InProcessRunner(s, { sink: (e) => edited.push(e) }).runUntil(s.untilUs).summary();
      crashedThenStarted += instants.filter(
        (at) => edited.some((e) => e.at === at && e.node === firstSpare && e.kind === 'crash') && edited.some((e) => e.at === at && e.node === firstSpare && e.kind === 'start'),
      ).length;
      const workers = await inWorkers(s, async (c) => {
        await c.start();
        await c.runUntil(s.untilUs);
        return c.summary();
      });
      expect(workers.traceHash, `seed ${seed}`).toBe(inProcess.traceHash);
    }
    // The case the stages exist for happened: a node crashed and started again in one instant.
    expect(crashedThenStarted).toBeGreaterThan(0);
  });
});
