import { startCoordinator } from '../workers/coordinator-client';

/**
 * A small automation surface on `window.quorum` for browser tests and curious users: it runs a
 * scenario in this page's Web Workers (one per node) and returns the run's summary.
 */
export function installAutomation(): void {
  (window as unknown as { quorum: unknown }).quorum = {
    async runInWorkers(scenario: unknown, untilUs: number) {
      const coordinator = startCoordinator();
      try {
        await coordinator.load(scenario, { withViews: false });
        await coordinator.runUntil(untilUs);
        return await coordinator.summary();
      } finally {
        await coordinator.close();
        coordinator.terminate();
      }
    },
  };
}
