import { describe, expect, it } from 'vitest';
import { startBuiltin } from '../../scenario/test-support/builtin-run';

/**
 * SWIM's built-in scenarios (public/scenarios/swim-*.json) show what they are named after.
 * Each check reads the in-process trace, which is the page's worker trace for the same scenario.
 */
interface View {
  incarnation: number;
  members: { status: string; incarnation: number }[];
}

/** A run that goes forward only: `at(t)` runs to t, `end()` to the scenario's end. */
function run(file: string) {
  const { scenario, runner, observed } = startBuiltin(file);
  const at = (t: number) => {
    runner.runUntil(t);
    return runner.views().map((v) => (v.view ? (v.view.protocol as View) : null));
  };
  const end = () => at(scenario.untilUs);
  return { scenario, runner, end, at, observed };
}
const subjectOf = (e: { data: unknown }) => (e.data as { subject: number }).subject;

describe("SWIM's built-in scenarios", () => {
  it('swim-member-crash: S4 is suspected within a few periods and every member then holds it dead', () => {
    const r = run('swim-member-crash.json');
    const end = r.end();
    expect(r.runner.summary().violations).toEqual([]);
    const suspicions = r.observed('suspect').filter((e) => subjectOf(e) === 3);
    expect(suspicions[0]!.at - 5_000_000).toBeLessThan(3_000_000);
    for (const [i, v] of end.entries()) if (i !== 3) expect(v!.members[3]!.status).toBe('dead');
    // No one else was ever suspected.
    expect(r.observed('suspect').every((e) => subjectOf(e) === 3)).toBe(true);
  });

  it('swim-false-suspicion: S1 is suspected under loss while it runs, refutes, and nobody declares it dead', () => {
    const r = run('swim-false-suspicion.json');
    r.end();
    expect(r.runner.summary().violations).toEqual([]);
    expect(r.runner.summary().stats.falsePositives).toBe(0);
    const first = r.observed('suspect')[0]!;
    expect(subjectOf(first)).toBe(0);
    const refute = r.observed('refute').find((e) => e.node === 0)!;
    expect(refute.at).toBeGreaterThan(first.at);
    expect((refute.data as { incarnation: number }).incarnation).toBe(1);
    const r2 = run('swim-false-suspicion.json');
    for (const v of r2.at(refute.at + 2_000_000)) expect(v!.members[0]).toMatchObject({ status: 'alive', incarnation: 1 });
    expect(r.observed('dead')).toEqual([]);
  });

  it('swim-partition: each half declares the other dead; after the heal every member is alive to everyone', () => {
    const r = run('swim-partition.json');
    const half = (n: number) => (n < 4 ? 0 : 1);
    const split = r.at(40_000_000);
    for (const [o, v] of split.entries()) {
      for (const [m, cell] of v!.members.entries()) expect(cell.status).toBe(half(o) === half(m) ? 'alive' : 'dead');
    }
    const end = r.end();
    expect(r.runner.summary().violations).toEqual([]);
    for (const v of end) expect(v!.members.every((m) => m.status === 'alive')).toBe(true);
    // Everyone came back by refuting its own death with a higher incarnation.
    expect(new Set(r.observed('refute', 40_000_000).map((e) => e.node)).size).toBe(8);
  });

  it('swim-slow-member: slow S1 accuses running members (S8 first, at 4.2 s), each refutes; back to speed, the accusations stop', () => {
    const r = run('swim-slow-member.json');
    r.end();
    expect(r.runner.summary().violations).toEqual([]);
    const byS1 = r.observed('suspect').filter((e) => e.node === 0 && (e.data as { from: number }).from === 0);
    expect(byS1[0]!.at).toBeGreaterThan(3_000_000);
    expect(byS1[0]!.at).toBeLessThan(4_300_000);
    expect(subjectOf(byS1[0]!)).toBe(7);
    expect(new Set(byS1.map(subjectOf)).size).toBeGreaterThanOrEqual(5);
    // Nobody crashed: every accused member refutes with a higher incarnation.
    const refuted = new Set(r.observed('refute').map((e) => e.node));
    for (const accused of new Set(byS1.map(subjectOf))) expect(refuted.has(accused)).toBe(true);
    // Back to speed at 15 s (its backlog drains in 1.5 s): no new accusation afterwards.
    expect(byS1.filter((e) => e.at > 17_000_000)).toEqual([]);
  });
});
