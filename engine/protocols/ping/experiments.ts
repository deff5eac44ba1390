import type { ExperimentVocabulary, MeasureState } from '../../experiments/contract';
import type { TraceEvent } from '../../kernel/trace';
import { defaultScenario } from '../../scenario/schema';

/**
 * Ping in experiments (engine/experiments/contract.ts): how long the mesh takes to notice a
 * crash (`ping.detectionMs`), and a built-in sweep of the suspicion timeout. The crash itself
 * is the generic step `{ kind: 'crash', node }`.
 */

/** From the first crash of a node to the first time a running node suspects it; null if none does. */
function detectionMs(): MeasureState {
  let crashed: { node: number; at: number } | null = null;
  let detectedAt: number | null = null;
  return {
    push(e: TraceEvent) {
      if (detectedAt !== null) return;
      if (crashed === null) {
        if (e.kind === 'crash') crashed = { node: e.node, at: e.at };
        return;
      }
      if (e.kind === 'observe' && e.what === 'suspect' && (e.data as { peer?: unknown } | undefined)?.peer === crashed.node) detectedAt = e.at;
    },
    get done() {
      return detectedAt !== null;
    },
    value: () => (detectedAt === null || crashed === null ? null : (detectedAt - crashed.at) / 1000),
  };
}

const SUSPECT_AFTER_MS = [200, 400, 800];

export const pingExperiments: ExperimentVocabulary = {
  steps: {},
  measures: {
    detectionMs: {
      label: 'time to suspect a crashed node',
      axis: 'time from a crash until a running node suspects the crashed one (ms)',
      unit: 'ms',
      explain: 'From the first crash of a node to the first time a running node suspects it.',
      create: detectionMs,
    },
  },
  builtins: {
    'ping-detection': {
      label: 'Heartbeat mesh: time to notice a crash, by suspicion timeout',
      make: () =>
        ({
          experiment: 2,
          name: 'ping-detection',
          title: 'Heartbeat mesh: time to suspect a crashed node, for suspicion timeouts of 200, 400 and 800 ms',
          description:
            'Five nodes ping each other every 100 ms. S1 crashes at a random moment within one ping interval after 1 s; ' +
            'each line is a suspicion timeout. A node suspects a peer it has not heard from for that long, so detection ' +
            'takes the timeout minus the time since the last message heard, plus up to one ping interval.',
          scenario: defaultScenario({ protocol: 'ping', nodes: 5, seed: 0, untilUs: 5_000_000, workload: { kind: 'none' } }),
          seeds: { from: 1, to: 200 },
          variants: SUSPECT_AFTER_MS.map((ms) => ({ name: `${ms} ms`, config: { suspectAfterMs: ms } })),
          steps: [{ kind: 'crash', node: 0, atMs: 1000, jitterMs: 100 }],
          measures: ['ping.detectionMs'],
        }),
    },
  },
  scenario: [
    {
      id: 'detection',
      label: 'Time to suspect a node crashed at 1 s (S1)',
      title: 'This scenario: time to suspect a crashed node',
      steps: [{ kind: 'crash', node: 0, atMs: 1000, jitterMs: 100 }],
      measures: ['ping.detectionMs'],
      untilMs: 30_000,
    },
  ],
};
