import type { NetworkModel } from '../../engine/kernel/faults';

export const DEFAULT_NETWORK: NetworkModel = { latencyUs: { min: 10_000, max: 15_000 }, lossRate: 0, duplicateRate: 0 };

/**
 * The toolbar's network choices (Latency and Loss). Lessons' headless learner (app/lessons/walk.ts)
 * picks from the same lists, so a walk changes the network exactly as a learner in the page can.
 */
export const LATENCY_CHOICES_US: readonly (readonly [number, number])[] = [
  [1_000, 2_000],
  [10_000, 15_000],
  [30_000, 60_000],
  [100_000, 150_000],
];
export const LOSS_CHOICES: readonly number[] = [0, 0.05, 0.1, 0.25, 0.5];
