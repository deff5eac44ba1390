import { describe, expect, it } from 'vitest';
import { growthSeries, imbalanceByVnodes, liveGrowth } from './experiment';

/**
 * The partitioning experiments (experiment.ts), printed as tables and checked against what the
 * papers say: about K/N keys move per added node on a consistent-hash ring, jump and Maglev;
 * modulo moves nearly all; the ring's imbalance falls as virtual nodes grow.
 *
 *   npx vitest run engine/protocols/ring/experiment.test.ts
 */
describe('experiment: about K/N keys move per added node', () => {
  const K = 10_000;
  const series = {
    modulo: growthSeries('modulo', {}, K, 4, 16),
    ring16: growthSeries('ring', { vnodes: 16 }, K, 4, 16),
    ring256: growthSeries('ring', { vnodes: 256 }, K, 4, 16),
    jump: growthSeries('jump', {}, K, 4, 16),
    maglev: growthSeries('maglev', {}, K, 4, 16),
    bounded: growthSeries('bounded', { vnodes: 64, loadFactor: 1.25 }, K, 4, 16),
  };

  it('prints keys moved / ideal K/(N+1) for each join from 4 to 16 members (10,000 keys)', () => {
    const lines = ['N->N+1  ' + Object.keys(series).map((s) => s.padStart(8)).join('')];
    for (let i = 0; i < series.jump.length; i++) {
      lines.push(`${String(series.jump[i]!.from).padStart(2)}->${String(series.jump[i]!.from + 1).padEnd(4)}` + Object.values(series).map((r) => r[i]!.ratio.toFixed(2).padStart(8)).join(''));
    }
    const mean = (rows: { ratio: number }[]) => rows.reduce((s, r) => s + r.ratio, 0) / rows.length;
    lines.push('mean    ' + Object.values(series).map((r) => mean(r).toFixed(2).padStart(8)).join(''));
    console.log(lines.join('\n'));
    expect(mean(series.jump)).toBeGreaterThan(0.9);
    expect(mean(series.jump)).toBeLessThan(1.1);
    expect(mean(series.ring256)).toBeGreaterThan(0.85);
    expect(mean(series.ring256)).toBeLessThan(1.15);
    expect(mean(series.maglev)).toBeLessThan(1.5);
    // Modulo moves about N/(N+1) of all keys: N times the ideal.
    for (const r of series.modulo) expect(r.ratio).toBeGreaterThan(r.from * 0.8);
  });
});

describe('experiment: load imbalance against virtual nodes', () => {
  it('prints max/mean for 1..512 virtual nodes (10 members, 10,000 keys, 10 namings)', () => {
    const rows = imbalanceByVnodes([1, 2, 4, 8, 16, 32, 64, 128, 256, 512], 10, 10_000, 10);
    console.log(['vnodes  mean max/mean  worst', ...rows.map((r) => `${String(r.vnodes).padStart(6)}  ${r.meanImbalance.toFixed(3).padStart(13)}  ${r.worstImbalance.toFixed(3)}`)].join('\n'));
    const at = (v: number) => rows.find((r) => r.vnodes === v)!.meanImbalance;
    expect(at(1)).toBeGreaterThan(1.8);
    expect(at(16)).toBeLessThan(at(1));
    expect(at(256)).toBeLessThan(at(16));
    expect(at(512)).toBeLessThan(1.15);
  });
});

describe('experiment: the live protocol, four members growing to eight', () => {
  it.each(['ring', 'jump', 'maglev', 'modulo'] as const)('%s: keys transferred against the ideal, no violation', (scheme) => {
    const r = liveGrowth(scheme, 512, 8, 4);
    console.log(`live ${scheme}: ${JSON.stringify(r.stats)}`);
    expect(r.violations).toBe(0);
    const stats = r.stats as { keysMovedByPlacement: number; idealKeysMoved: number; keysTransferred: number; membershipChanges: number };
    expect(stats.membershipChanges).toBe(4);
    // Every key the placement moved was transferred (a few more when views briefly disagree).
    expect(stats.keysTransferred).toBeGreaterThanOrEqual(stats.keysMovedByPlacement);
    if (scheme !== 'modulo') expect(stats.keysMovedByPlacement / stats.idealKeysMoved).toBeLessThan(1.6);
    else expect(stats.keysMovedByPlacement / stats.idealKeysMoved).toBeGreaterThan(3);
  });
});
