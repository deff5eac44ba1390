/**
 * Prints the SWIM paper's figures as this implementation reproduces them (README.md quotes them):
 *
 *   npx tsx engine/protocols/swim/run-experiments.ts            20 seeds per point
 *   SWIM_EXP_SEEDS=5 npx tsx engine/protocols/swim/run-experiments.ts
 *   SWIM_EXP_ONLY=slow npx tsx engine/protocols/swim/run-experiments.ts   the slow-member table alone
 *
 * Deterministic: the same seeds print the same tables.
 */
import { mean, PAPER_FIRST_DETECTION_PERIODS, runConvergence, runDetection, runFalsePositives, runSlowMember, type DetectionRun } from './experiments';

const SEEDS = Number(process.env.SWIM_EXP_SEEDS ?? 20);
const seeds = Array.from({ length: SEEDS }, (_, i) => i + 1);
const fmt = (x: number, digits = 2) => (Number.isFinite(x) ? x.toFixed(digits) : '-');
const values = (runs: DetectionRun[], key: keyof DetectionRun) => runs.flatMap((r) => (typeof r[key] === 'number' ? [r[key] as number] : []));

if (process.env.SWIM_EXP_ONLY === 'slow') {
  slowMemberTable();
  process.exit(0);
}

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

slowMemberTable();

/** Lifeguard's setting: S1 handles what it receives 1.5 s late from 2 s on; beside it, loss alone and both. */
function slowMemberTable(): void {
  const n = 16;
  const runs = Math.min(SEEDS, 10);
  console.log(`\nA slow member (S1 handles messages 1.5 s late from 2 s on; timers on time), ${n} members, 40 s, seeds 1-${runs}: mean per run`);
  console.log('setting                 accusations by S1       suspicions of running members   deaths of running members   refutations');
  console.log('                        SWIM    Lifeguard       SWIM    Lifeguard               SWIM    Lifeguard           SWIM  Lifeguard');
  for (const [label, delayMs, loss] of [['slow member', 1500, 0], ['10% loss', 0, 0.1], ['slow member + 10% loss', 1500, 0.1]] as const) {
    const [off, on] = [false, true].map((lifeguard) => seeds.slice(0, runs).map((seed) => runSlowMember(n, delayMs, loss, lifeguard, seed)));
    const m = (rs: typeof off, key: 'accusationsBySlow' | 'falseSuspicions' | 'falsePositives' | 'refutations') => fmt(mean(rs!.map((r) => r[key])), 1);
    console.log(
      `${label.padEnd(22)}  ${m(off, 'accusationsBySlow').padStart(4)}    ${m(on, 'accusationsBySlow').padStart(9)}       ${m(off, 'falseSuspicions').padStart(4)}    ${m(on, 'falseSuspicions').padStart(9)}               ${m(off, 'falsePositives').padStart(4)}    ${m(on, 'falsePositives').padStart(9)}           ${m(off, 'refutations').padStart(4)}  ${m(on, 'refutations').padStart(9)}`,
    );
  }
}
