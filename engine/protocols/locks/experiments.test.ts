import { describe, expect, it } from 'vitest';
import { InProcessRunner } from '../../runner/inprocess';
import { locksExperiments } from './experiments';
import { redlockPausedHolder, redlockPausedHolderFenced } from './scenarios';

/** The measures agree with the monitors' stats on the built-in runs (fed the same trace, event by event). */
describe('locks experiment measures', () => {
  it('count the paused holder\'s late write as outside its lease, and its refusal when fenced', () => {
    for (const scenario of [redlockPausedHolder(), redlockPausedHolderFenced()]) {
      const unsafe = locksExperiments.measures.unsafeWrites!.create();
      const refused = locksExperiments.measures.staleWritesRefused!.create();
      const summary = new InProcessRunner(scenario, { sink: (e) => (unsafe.push(e), refused.push(e)) }).runUntil(scenario.untilUs).summary();
      expect(unsafe.value()).toBe(summary.stats.unsafeWritesAccepted);
      expect(refused.value()).toBe(summary.stats.staleWritesRefused);
      expect([unsafe.value(), refused.value()]).toEqual(scenario.protocol.config.fencing ? [0, 1] : [1, 0]);
    }
  });
});
