import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../kernel/trace';
import { InProcessRunner } from '../../runner/inprocess';
import { pbftChaosScenario } from './chaos-scenario';

/**
 * Regression (chaos seed 474641380): 5 replicas, f = 1. R2 (node 1), cut off, starts a view
 * change to view 1 (whose primary it is), crashes, and restarts at the heal. It used to come
 * back 'normal' in view 1 with no NEW-VIEW: as view 1's primary it dropped the others'
 * VIEW-CHANGEs for view 1 as a laggard's and never resent its own, so view 1 never had the
 * 2f + 1 = 4 of its 5 replicas (R4 had gone silent), the three waiting there only resent theirs
 * (§4.5.2: no NEW-VIEW timer without 2f + 1), and R2 alone moved on to view 2. 484 VIEW-CHANGEs,
 * no request after the heal. Now the restart resumes the view change (view-change.ts,
 * resumeViewChange).
 */
describe('PBFT: a replica restarted in the middle of a view change', () => {
  it('resumes the view change and requests complete after the heal (seed 474641380)', () => {
    const scenario = pbftChaosScenario(474641380);
    const resumed: { node: number; view: unknown }[] = [];
    const sink = (e: TraceEvent) => {
      if (e.kind === 'observe' && e.what === 'view-change' && e.data?.resumed === true) resumed.push({ node: e.node, view: e.data.view });
    };
    const summary = new InProcessRunner(scenario, { sink }).runUntil(scenario.untilUs).summary();
    expect(summary.violations).toEqual([]);
    expect(summary.stats.acceptedAfterHeal).toBeGreaterThan(0);
    expect(resumed).toEqual([{ node: 1, view: 1 }]);
  });
});

/**
 * Regression (chaos seed 1809920883): 4 replicas, no byzantine one. R1 (node 0), primary of
 * view 8, sends its NEW-VIEW and moves on to view 9; R3 and R4 missed the NEW-VIEW and ask for
 * view 8 again. A replica changing views used to answer a VIEW-CHANGE for a view it had already
 * entered with nothing (its own VIEW-CHANGE for that view is gone), so they waited in view 8 for
 * good. Now it resends the NEW-VIEW it entered that view with (§4.5.1, view-change.ts).
 */
describe('PBFT: a replica that missed a NEW-VIEW its primary has moved past', () => {
  it('gets the NEW-VIEW again and requests complete after the heal (seed 1809920883)', () => {
    const scenario = pbftChaosScenario(1809920883);
    const summary = new InProcessRunner(scenario).runUntil(scenario.untilUs).summary();
    expect(summary.violations).toEqual([]);
    expect(summary.stats.acceptedAfterHeal).toBeGreaterThan(0);
  });
});
