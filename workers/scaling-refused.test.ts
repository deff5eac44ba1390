import { describe, expect, it } from 'vitest';
import { defaultScenario } from '../engine/scenario/schema';
import { WorkerCoordinator, type WorkerFactory } from './coordinator';

/**
 * The worker runner does not carry out nodes' requests for nodes yet (kernel/scaling.ts): it
 * must refuse such a run rather than give a trace the in-process runner would not.
 */
const noWorkers: WorkerFactory = {
  spawn: () => {
    throw new Error('no worker should be spawned');
  },
  channel: () => {
    throw new Error('no channel should be made');
  },
};

describe('the worker runner and nodes asking for nodes', () => {
  it('refuses ping with autoscale, and runs ping without it as before', () => {
    const scenario = defaultScenario({ protocol: 'ping', nodes: 3, config: { autoscale: true } });
    expect(() => new WorkerCoordinator(scenario, noWorkers)).toThrow(/cannot run ping yet/);
    expect(() => new WorkerCoordinator(defaultScenario({ protocol: 'ping', nodes: 3 }), noWorkers)).not.toThrow();
  });
});
