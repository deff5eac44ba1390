import { describe, expect, it } from 'vitest';
import { mean, PAPER_FIRST_DETECTION_PERIODS, runDetection, runFalsePositives } from './experiments';

/**
 * The SWIM paper's claims, checked on a few seeds (run-experiments.ts prints the full tables):
 * first detection stays near a period or two however large the group (§5, e/(e − 1) for random
 * targets), dissemination grows slowly with n (like log n, §4.1), about two probe messages per
 * member per period, and Lifeguard cuts false positives under loss.
 */
const seeds = [1, 2, 3, 4, 5, 6];

describe('the SWIM paper, reproduced', () => {
  it('first detection stays flat from 8 to 64 members, near e/(e-1) periods for random targets', () => {
    const small = seeds.map((seed) => runDetection(8, seed, { roundRobin: false }));
    const large = seeds.map((seed) => runDetection(64, seed, { roundRobin: false }));
    const probeSmall = mean(small.map((r) => r.firstProbePeriods!));
    const probeLarge = mean(large.map((r) => r.firstProbePeriods!));
    // The time until someone probes it does not grow with the group...
    expect(probeLarge).toBeLessThan(2 * PAPER_FIRST_DETECTION_PERIODS);
    expect(probeSmall).toBeLessThan(2 * PAPER_FIRST_DETECTION_PERIODS);
    // ... and the suspicion follows one period (the ping and the ping-req's wait) later.
    const suspicionLarge = mean(large.map((r) => r.firstSuspicionPeriods!));
    expect(suspicionLarge - probeLarge).toBeCloseTo(1, 0);
    // Two messages per member per period (a ping and its ack), whatever the size.
    for (const r of [...small, ...large]) expect(r.probeMessagesPerMemberPerPeriod).toBeGreaterThan(1.9);
    for (const r of [...small, ...large]) expect(r.probeMessagesPerMemberPerPeriod).toBeLessThan(2.3);
  }, 120_000);

  it('dissemination grows far slower than the group: 8 times the members, under 3 times the time', () => {
    const spread = (n: number) => mean(seeds.map((seed) => runDetection(n, seed).disseminationMs!));
    const s8 = spread(8);
    const s64 = spread(64);
    expect(s64).toBeGreaterThan(s8);
    expect(s64 / s8).toBeLessThan(3);
  }, 120_000);

  it('Lifeguard declares fewer running members dead under 20% message loss', () => {
    const count = (lifeguard: boolean) => [1, 2, 3].reduce((sum, seed) => sum + runFalsePositives(16, 0.2, lifeguard, seed, 60_000_000).falsePositives, 0);
    const without = count(false);
    const withLifeguard = count(true);
    expect(without).toBeGreaterThan(0);
    expect(withLifeguard).toBeLessThan(without);
  }, 120_000);
});
