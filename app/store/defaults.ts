import type { NetworkModel } from '../../engine/kernel/faults';

export const DEFAULT_NETWORK: NetworkModel = { latencyUs: { min: 10_000, max: 15_000 }, lossRate: 0, duplicateRate: 0 };
