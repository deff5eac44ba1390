import { beforeAll, describe, expect, it } from 'vitest';
import type { TimedAction } from '../engine/kernel/actions';
import { defaultScenario, type Scenario } from '../engine/scenario/schema';
import type { WorkerFactory } from './coordinator';
import type { WorkerCoordinator } from './coordinator';
import { CoordinatorService, type CoordinatorStatus, type LinkStatus } from './coordinator-service';
import { nodeWorkerFactory } from './node-factory';
import type { NodeReport } from './wire';

/**
 * The page asks for a status up to 25 times a second. Each carries only what changed (reports
 * of nodes whose view or inbound messages changed, the network and the timeline when they
 * changed, new trace events and client operations): merged in order, they must give exactly the
 * picture a full status would, for far fewer bytes. The figures are printed for the record.
 */
let factory: WorkerFactory;
beforeAll(async () => {
  factory = await nodeWorkerFactory();
});

/** The whole picture at the service's current moment, as every status carried it before. */
function fullPicture(service: CoordinatorService) {
  const c = (service as unknown as { coordinator: WorkerCoordinator }).coordinator;
  return {
    reports: [...c.reports.values()].sort((a, b) => a.id - b.id),
    links: { ...c.faults.describeLinks(), network: c.faults.network } as LinkStatus,
    actions: [...c.actions],
  };
}

const bytes = (value: unknown) => JSON.stringify(value).length;

describe('the coordinator status ships only what changed', () => {
  it('merges into the full picture, frame after frame, for far fewer bytes', { timeout: 60_000 }, async () => {
    const scenario: Scenario = {
      ...defaultScenario({ protocol: 'raft', nodes: 5, seed: 3 }),
      timeline: [
        { at: 1_500_000, action: { kind: 'crash', node: 1 } },
        { at: 1_800_000, action: { kind: 'cut', from: 2, to: 3, oneWay: false } },
      ],
    };
    const service = new CoordinatorService(factory);
    try {
      let reports = new Map<number, NodeReport>();
      let links: LinkStatus | null = null;
      let actions: TimedAction[] = [];
      const apply = (s: CoordinatorStatus) => {
        if (s.reportsComplete) reports = new Map();
        for (const r of s.reports) reports.set(r.id, r);
        links = s.links ?? links;
        actions = s.actions ?? actions;
      };
      apply(await service.load(scenario));
      await service.runUntil(1_000_000);
      apply(await service.status());
      const sizes = { delta: 0, full: 0, frames: 0 };
      // A frame at 0.1x speed moves virtual time by 4 ms.
      for (let now = 1_000_000; now < 2_200_000; now += 4_000) {
        const status = await service.runUntil(now + 4_000);
        apply(status);
        const full = fullPicture(service);
        expect([...reports.values()].sort((a, b) => a.id - b.id)).toEqual(full.reports);
        expect(links).toEqual(full.links);
        expect(actions).toEqual(full.actions);
        const shared = { ...status, reports: [], links: null, actions: null };
        sizes.delta += bytes(status);
        sizes.full += bytes({ ...shared, ...full });
        sizes.frames++;
      }
      const perFrame = { deltaBytes: Math.round(sizes.delta / sizes.frames), fullBytes: Math.round(sizes.full / sizes.frames) };
      console.log(`status per frame (5 Raft servers, 4 ms frames, ${sizes.frames} frames): ${perFrame.deltaBytes} bytes of JSON, the whole picture ${perFrame.fullBytes}`);
      expect(perFrame.deltaBytes).toBeLessThan(perFrame.fullBytes / 2);
    } finally {
      await service.close();
    }
  });
});
