import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultScenario } from '../engine/scenario/schema';
import type { WorkerFactory } from './coordinator';
import { CoordinatorService } from './coordinator-service';
import { nodeWorkerFactory } from './node-factory';

/**
 * "Step to next ★" stops where the page's protocol says: the coordinator knows no protocol, so
 * the page names the observation kinds that are interesting (Raft: role, election, leader, commit).
 */
let factory: WorkerFactory;
beforeAll(async () => {
  factory = await nodeWorkerFactory();
});

const services: CoordinatorService[] = [];
afterAll(async () => {
  for (const s of services) await s.close();
});

describe('stepToInteresting', () => {
  it('runs event by event until an observation of one of the kinds it is given', async () => {
    const service = new CoordinatorService(factory);
    services.push(service);
    await service.load(defaultScenario({ protocol: 'raft', nodes: 3, seed: 4 }));
    const status = await service.stepToInteresting(['leader']);
    // It went through other observations (roles, terms, votes) without stopping, and stopped
    // after the one event (a node's handler) that observed a leader.
    const leader = status.trace.findIndex((e) => e.kind === 'observe' && e.what === 'leader');
    expect(leader).toBeGreaterThan(0);
    expect(status.trace.slice(0, leader).some((e) => e.kind === 'observe')).toBe(true);
    const { at, node } = status.trace[leader]!;
    expect(status.trace.slice(leader).every((e) => e.at === at && e.node === node)).toBe(true);
    const next = await service.stepToInteresting(['commit']);
    expect(next.trace.some((e) => e.kind === 'observe' && e.what === 'commit')).toBe(true);
  });
});
