/**
 * Prints the SWIM paper's figures as this implementation reproduces them (README.md quotes them):
 *
 *   npx tsx engine/protocols/swim/run-experiments.ts            20 seeds per point
 *   SWIM_EXP_SEEDS=5 npx tsx engine/protocols/swim/run-experiments.ts
 *
 * Deterministic: the same seeds print the same tables.
 */
import { mean, PAPER_FIRST_DETECTION_PERIODS, runConvergence, runDetection, runFalsePositives, type DetectionRun } from './experiments';

const SEEDS = Number(process.env.SWIM_EXP_SEEDS ?? 20);
const seeds = Array.from({ length: SEEDS }, (_, i) => i + 1);
const fmt = (x: number, digits = 2) => (Number.isFinite(x) ? x.toFixed(digits) : '-');
const values = (runs: DetectionRun[], key: keyof DetectionRun) => runs.flatMap((r) => (typeof r[key] === 'number' ? [r[key] as number] : []));

console.log(`Detection after a crash (memberlist defaults, T = 1 s, ${SEEDS} seeds each; paper: e/(e-1) = ${fmt(PAPER_FIRST_DETECTION_PERIODS)} T for random targets)`);
console.log('targets      n   first probe (T)  first suspicion (T)  first dead -> all dead (ms)  crash -> all dead (s)  msgs/member/T (probe only)');
for (const roundRobin of [false, true]) {
  for (const n of [8, 16, 32, 64]) {
    const runs = seeds.map((seed) => runDetection(n, seed, { roundRobin }));
    console.log(
      `${(roundRobin ? 'round-robin' : 'random').padEnd(11)} ${String(n).padStart(3)}   ${fmt(mean(values(runs, 'firstProbePeriods'))).padStart(14)}  ${fmt(mean(values(runs, 'firstSuspicionPeriods'))).padStart(19)}  ${fmt(mean(values(runs, 'disseminationMs')), 0).padStart(27)}  ${fmt(mean(values(runs, 'allDeadMs')) / 1000).padStart(21)}  ${fmt(mean(values(runs, 'messagesPerMemberPerPeriod')))} (${fmt(mean(values(runs, 'probeMessagesPerMemberPerPeriod')))})`,
    );
  }
}

console.log(`\nFalse positives under uniform message loss (16 members, 120 s, ${Math.min(SEEDS, 10)} seeds each): declared dead while running`);
console.log('loss   without Lifeguard (refutations)   with Lifeguard (refutations)');
for (const loss of [0.05, 0.1, 0.2, 0.3]) {
  const cells = [false, true].map((lifeguard) => {
    const runs = seeds.slice(0, 10).map((seed) => runFalsePositives(16, loss, lifeguard, seed));
    return `${runs.reduce((a, r) => a + r.falsePositives, 0)} (${runs.reduce((a, r) => a + r.refutations, 0)})`;
  });
  console.log(`${fmt(loss * 100, 0).padStart(3)}%   ${cells[0]!.padStart(30)}   ${cells[1]!.padStart(27)}`);
}

const steps = [0, 200, 400, 600, 800, 1000, 1500, 2000, 3000];
console.log(`\nSerf's convergence picture: share of 30 members holding a crashed member dead, by time after the first declaration (gossip every 200 ms; ${Math.min(SEEDS, 10)} seeds each)`);
console.log(`fanout  loss   ${steps.map((ms) => `${ms} ms`.padStart(8)).join('')}`);
for (const fanout of [1, 2, 3, 4]) {
  for (const loss of [0, 0.1, 0.3]) {
    const runs = seeds.slice(0, 10).map((seed) => runConvergenceRow(fanout, loss, seed));
    const avg = steps.map((_, i) => mean(runs.map((r) => r[i]!)));
    console.log(`${String(fanout).padStart(6)}  ${`${fmt(loss * 100, 0)}%`.padStart(4)}   ${avg.map((x) => `${fmt(x * 100, 0)}%`.padStart(8)).join('')}`);
  }
}

function runConvergenceRow(fanout: number, loss: number, seed: number): number[] {
  return runConvergence(30, fanout, loss, seed, steps);
}
