import { describe, expect, it } from 'vitest';
import { builtinExperiment, builtinExperimentNames } from '../../experiments/builtins';
import { runTrial } from '../../experiments/trial';

/** Ping's built-in experiment: a generic crash step, ping's own detection measure. */
describe('ping\'s built-in experiment', () => {
  it('is listed as ping\'s', () => {
    expect(builtinExperimentNames('ping')).toEqual(['ping-detection']);
  });

  it('times the detection of the crash: within about one ping interval of the suspicion timeout', () => {
    const spec = builtinExperiment('ping-detection');
    for (const [variant, suspectAfterMs] of [[0, 200], [2, 800]] as const) {
      for (const seed of [1, 2, 3]) {
        const result = runTrial(spec, variant, seed);
        expect(result.crashed[0]).toMatchObject({ node: 0 });
        expect(result.violations).toEqual([]);
        const detection = result.values[0]!;
        // Silence began at the last message heard from S1 (at most one interval plus jitter before
        // the crash), and suspicion is checked once per ping interval (plus jitter).
        expect(detection).toBeGreaterThan(suspectAfterMs - 120);
        expect(detection).toBeLessThanOrEqual(suspectAfterMs + 120);
        // The run stops once measured.
        expect(result.endMs).toBeLessThan(result.crashed[0]!.atMs + detection + 20);
      }
    }
  });
});
