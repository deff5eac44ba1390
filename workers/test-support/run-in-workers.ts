import { beforeAll } from 'vitest';
import type { Micros } from '../../engine/kernel/time';
import type { RunSummary } from '../../engine/runner/summary';
import type { Scenario } from '../../engine/scenario/schema';
import { WorkerCoordinator, type WorkerFactory } from '../coordinator';
import { nodeWorkerFactory } from '../node-factory';

/**
 * Test support for the equal-hash tests of every protocol: call it at a test file's top level
 * (it registers a `beforeAll` that builds the node-worker bundle once), then run a scenario
 * across one worker thread per node and compare its summary with the in-process runner's.
 */
export function workerRunnerForTests(): (scenario: Scenario, until?: Micros) => Promise<RunSummary> {
  let factory: WorkerFactory;
  beforeAll(async () => {
    factory = await nodeWorkerFactory();
  });
  return async (scenario, until = scenario.untilUs) => {
    const coordinator = new WorkerCoordinator(scenario, factory);
    try {
      await coordinator.start();
      await coordinator.runUntil(until);
      return coordinator.summary();
    } finally {
      await coordinator.close();
    }
  };
}
