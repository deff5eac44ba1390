import type { ExperimentSpec } from '../../engine/experiments/spec';
import type { TrialResult } from '../../engine/experiments/trial';

/** Every message between the experiment pool and one of its workers. */
export type PoolRequest =
  /** Sent once, first: the (already validated) experiment. */
  | { type: 'init'; spec: ExperimentSpec }
  /** Runs to do, in order; the worker answers each with a result. */
  | { type: 'run'; jobs: { variantIndex: number; seed: number }[] };

export type PoolReply = { type: 'result'; result: TrialResult } | { type: 'error'; message: string };
