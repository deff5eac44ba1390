import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InProcessRunner } from '../../runner/inprocess';
import { ringChaosScenario } from './chaos-scenario';

const runs = Number(process.env.RING_SEEDS ?? 60);

describe('ring under chaos (crashes, partitions, cuts, loss, duplication, joins and leaves)', () => {
  it(`on ${runs} seeded scenarios no invariant breaks and the migration settles after the heal`, () => {
    const totals = { runs: 0, withMigration: 0, keysTransferred: 0, getsOk: 0, putsOk: 0, failedOps: 0 };
    fc.assert(
      fc.property(ringChaosScenario(), (s) => {
        const summary = new InProcessRunner(s).runUntil(s.untilUs).summary();
        if (summary.violations.length > 0) {
          console.error(`ring chaos: replay with seed ${s.seed}:`, JSON.stringify(s), JSON.stringify(summary.violations));
        }
        expect(summary.violations).toEqual([]);
        const st = summary.stats as Record<string, number>;
        totals.runs++;
        if (st.keysTransferred! > 0) totals.withMigration++;
        totals.keysTransferred += st.keysTransferred!;
        totals.getsOk += st.getsOk!;
        totals.putsOk += st.putsOk!;
        totals.failedOps += st.failedOps!;
      }),
      { numRuns: runs, verbose: 1 },
    );
    console.log('ring chaos totals', JSON.stringify(totals));
    // The runs did exercise what the invariants guard: migrations under load.
    expect(totals.withMigration).toBeGreaterThan(totals.runs / 3);
    expect(totals.getsOk).toBeGreaterThan(totals.runs * 20);
    expect(totals.putsOk).toBeGreaterThan(totals.runs * 20);
  });
});
