import { describe, expect, it } from 'vitest';
import { InProcessRunner } from '../../runner/inprocess';
import { defaultScenario } from '../../scenario/schema';
import { pbsExperiment, type PbsRow } from './pbs';

/**
 * The PBS experiment (pbs.ts) and the version-count distribution (the paper's §6.3), as
 * deterministic runs; they print their tables:
 *
 *   npx vitest run engine/protocols/dynamo/pbs.test.ts
 *   PBS_TRIALS=2000 npx vitest run engine/protocols/dynamo/pbs.test.ts    tighter figures
 */
const TRIALS = Number(process.env.PBS_TRIALS ?? 200);
const T_MS = [0, 1, 2, 5, 10, 20, 50];

function table(rows: PbsRow[]): string {
  const keys = [...new Set(rows.map((r) => `(${r.n},${r.r},${r.w}) ${r.latencyMs.min}-${r.latencyMs.max} ms`))];
  const lines = [`setting${' '.repeat(20)}${T_MS.map((t) => `t=${t}ms`.padStart(8)).join('')}`];
  for (const k of keys) {
    const cells = rows.filter((r) => `(${r.n},${r.r},${r.w}) ${r.latencyMs.min}-${r.latencyMs.max} ms` === k);
    lines.push(k.padEnd(27) + cells.map((c) => c.pFresh.toFixed(3).padStart(8)).join(''));
  }
  return lines.join('\n');
}

describe('PBS: the probability that a read t ms after a write returns it', () => {
  it('partial quorums become consistent within tens of ms; R + W > N always are', () => {
    const settings = [
      { n: 3, r: 1, w: 1, latencyMs: { min: 1, max: 10 } },
      { n: 3, r: 1, w: 1, latencyMs: { min: 1, max: 40 } },
      { n: 3, r: 2, w: 1, latencyMs: { min: 1, max: 10 } },
      { n: 3, r: 1, w: 2, latencyMs: { min: 1, max: 10 } },
      { n: 3, r: 2, w: 2, latencyMs: { min: 1, max: 10 } },
    ];
    const rows = pbsExperiment(settings, T_MS, TRIALS);
    console.log(`PBS, ${TRIALS} trials per cell:\n${table(rows)}`);
    const p = (n: number, r: number, w: number, max: number, t: number) =>
      rows.find((x) => x.n === n && x.r === r && x.w === w && x.latencyMs.max === max && x.tMs === t)!.pFresh;
    // Strict quorums: always fresh.
    for (const t of T_MS) expect(p(3, 2, 2, 10, t)).toBe(1);
    // (3,1,1): stale right after the write, fresh once every replica has had time to receive it.
    expect(p(3, 1, 1, 10, 0)).toBeLessThan(1);
    expect(p(3, 1, 1, 10, 20)).toBe(1);
    // Slower links take longer; more replicas asked (R=2) or acknowledging (W=2) start fresher.
    expect(p(3, 1, 1, 40, 5)).toBeLessThan(p(3, 1, 1, 10, 5));
    expect(p(3, 2, 1, 10, 0)).toBeGreaterThan(p(3, 1, 1, 10, 0));
    expect(p(3, 1, 2, 10, 0)).toBeGreaterThan(p(3, 1, 1, 10, 0));
  }, 120_000);
});

describe('versions per read under (3,2,2) (the paper §6.3: 99.94% of requests saw one version)', () => {
  const run = (keys: number, intervalUs: number, clockLimit: number) => {
    const scenario = defaultScenario({ protocol: 'dynamo', nodes: 5, seed: 1, untilUs: 20_000_000, config: { keys, clockLimit }, workload: { kind: 'interval', intervalUs } });
    const summary = new InProcessRunner(scenario).runUntil(scenario.untilUs).summary();
    expect(summary.violations).toEqual([]);
    return summary.stats;
  };
  const show = (label: string, st: Record<string, unknown>) =>
    console.log(label, JSON.stringify({ versionsPerRead: st.versionsPerRead, oneVersionShare: st.oneVersionShare, truncations: st.truncations, staleReads: st.staleReads, gets: st.gets }));

  it('the default load (an operation every 50 ms over 8 keys): one version per read', () => {
    const st = run(8, 50_000, 10);
    show('default load', st);
    expect(st.oneVersionShare as number).toBeGreaterThan(0.99);
  });

  it('concurrent writers (every 10 ms over 4 keys): siblings appear, and truncation at 10 entries multiplies them', () => {
    const truncated = run(4, 10_000, 10);
    const whole = run(4, 10_000, 1000);
    show('concurrent writers, clocks truncated at 10', truncated);
    show('concurrent writers, clocks never truncated', whole);
    expect(whole.oneVersionShare as number).toBeLessThan(0.99);
    expect(whole.oneVersionShare as number).toBeGreaterThanOrEqual(truncated.oneVersionShare as number);
  });
});
