import { RandomStream } from '../../kernel/random';
import type { TraceEvent } from '../../kernel/trace';
import { InProcessRunner } from '../../runner/inprocess';
import { defaultScenario, type Scenario } from '../../scenario/schema';

/**
 * The SWIM paper's measurements (Das, Gupta, Motivala 2002, §5) as deterministic experiments:
 * every figure follows from its seeds. experiments.test.ts checks their shape on a few seeds;
 * `npx tsx engine/protocols/swim/run-experiments.ts` prints the tables the README quotes.
 *
 * - **Detection**: one member crashes at a random moment of a quiet group; how long until some
 *   member first probes it (the paper's e/(e − 1) periods, for random targets), until the first
 *   suspicion, and until every member holds it dead, for groups of 8 to 64.
 * - **Dissemination**: from the first declaration of death to the last member learning it,
 *   which the paper finds grows like log n (§4.1).
 * - **False positives** under uniform message loss, with and without Lifeguard.
 */
const PERIOD_US = 1_000_000;

export interface DetectionRun {
  n: number;
  seed: number;
  /** Crash to the first ping any member sends the crashed one, in protocol periods. */
  firstProbePeriods: number | null;
  /** Crash to the first suspicion, in periods. */
  firstSuspicionPeriods: number | null;
  /** First declaration of death to the last live member holding it dead, in ms. */
  disseminationMs: number | null;
  /** Crash to every live member holding it dead, in ms. */
  allDeadMs: number | null;
  messagesPerMemberPerPeriod: number;
  probeMessagesPerMemberPerPeriod: number;
}

export function detectionScenario(n: number, seed: number, config: Record<string, unknown> = {}): Scenario {
  const random = RandomStream.derive(seed, 'swim-detection');
  const victim = random.int(0, n - 1);
  // Long enough for every member's first round-robin pass to be shuffled in; any phase of a period.
  const crashUs = 20_000_000 + random.int(0, PERIOD_US - 1);
  return defaultScenario({
    protocol: 'swim',
    nodes: n,
    seed,
    config,
    untilUs: crashUs + 60_000_000,
    workload: { kind: 'none' },
    timeline: [{ at: crashUs, action: { kind: 'crash', node: victim } }],
  });
}

export function runDetection(n: number, seed: number, config: Record<string, unknown> = {}): DetectionRun {
  const scenario = detectionScenario(n, seed, config);
  const crash = scenario.timeline[0]!;
  const victim = (crash.action as { node: number }).node;
  let firstPingUs: number | null = null;
  const sink = (e: TraceEvent) => {
    if (firstPingUs === null && e.kind === 'send' && e.to === victim && e.at >= crash.at && e.msg.type === 'Ping') firstPingUs = e.at;
  };
  const summary = new InProcessRunner(scenario, { sink }).runUntil(scenario.untilUs).summary();
  if (summary.violations.length > 0) throw new Error(`detection n=${n} seed=${seed}: ${summary.violations[0]!.message}`);
  const [d] = summary.stats.detections as { firstDetectionMs: number | null; firstDeadMs: number | null; allDeadMs: number | null }[];
  const periods = (ms: number | null) => (ms === null ? null : (ms * 1000) / PERIOD_US);
  return {
    n,
    seed,
    firstProbePeriods: firstPingUs === null ? null : (firstPingUs - crash.at) / PERIOD_US,
    firstSuspicionPeriods: periods(d!.firstDetectionMs),
    disseminationMs: d!.allDeadMs === null || d!.firstDeadMs === null ? null : d!.allDeadMs - d!.firstDeadMs,
    allDeadMs: d!.allDeadMs,
    messagesPerMemberPerPeriod: summary.stats.messagesPerMemberPerPeriod as number,
    probeMessagesPerMemberPerPeriod: summary.stats.probeMessagesPerMemberPerPeriod as number,
  };
}

export interface FalsePositiveRun {
  lossRate: number;
  lifeguard: boolean;
  seed: number;
  /** Deaths declared by a member's own suspicion timeout about a member that was running. */
  falsePositives: number;
  refutations: number;
  memberMinutes: number;
}

export function falsePositiveScenario(n: number, lossRate: number, lifeguard: boolean, seed: number, untilUs = 120_000_000): Scenario {
  return defaultScenario({ protocol: 'swim', nodes: n, seed, config: { lifeguard }, untilUs, workload: { kind: 'none' }, network: { lossRate } });
}

export function runFalsePositives(n: number, lossRate: number, lifeguard: boolean, seed: number, untilUs = 120_000_000): FalsePositiveRun {
  const scenario = falsePositiveScenario(n, lossRate, lifeguard, seed, untilUs);
  const summary = new InProcessRunner(scenario).runUntil(untilUs).summary();
  if (summary.violations.length > 0) throw new Error(`false positives loss=${lossRate} seed=${seed}: ${summary.violations[0]!.message}`);
  return {
    lossRate,
    lifeguard,
    seed,
    falsePositives: summary.stats.falsePositives as number,
    refutations: summary.stats.refutations as number,
    memberMinutes: (n * untilUs) / 60_000_000,
  };
}

/**
 * Lifeguard's own setting (Dadgar et al. 2018, §3): a member that is slow to process what it
 * receives (kernel `slow` fault: every message waits `delayMs` before its handler runs; its
 * timers fire on time) from 2 s on. Its probes' acks come in after its own deadlines, so it
 * accuses healthy members; Lifeguard's local health multiplier stretches its period instead.
 */
export const SLOW_MEMBER_FROM_US = 2_000_000;

export function slowMemberScenario(n: number, delayMs: number, lossRate: number, lifeguard: boolean, seed: number, untilUs = 40_000_000): Scenario {
  return defaultScenario({
    protocol: 'swim',
    nodes: n,
    seed,
    config: { lifeguard },
    untilUs,
    workload: { kind: 'none' },
    network: { lossRate },
    timeline: delayMs > 0 ? [{ at: SLOW_MEMBER_FROM_US, action: { kind: 'slow', node: 0, delayUs: delayMs * 1000 } }] : [],
  });
}

export interface SlowMemberRun {
  delayMs: number;
  lossRate: number;
  lifeguard: boolean;
  seed: number;
  /** Suspicions the slow member (S1) raised by its own failed probes; everyone it accuses is running. */
  accusationsBySlow: number;
  /** Suspicions any member raised by its own failed probe about a running member. */
  falseSuspicions: number;
  /** Deaths declared by a member's own suspicion timeout about a running member. */
  falsePositives: number;
  refutations: number;
}

/** Suspicions and deaths a member declared itself (`from` itself) about a running member. */
export function countFalseAlarms(e: TraceEvent, down: ReadonlySet<number>): { suspicion: boolean; death: boolean } {
  if (e.kind !== 'observe' || (e.what !== 'suspect' && e.what !== 'dead')) return { suspicion: false, death: false };
  const d = e.data as { subject?: unknown; from?: unknown } | undefined;
  const own = d?.from === e.node && typeof d.subject === 'number' && !down.has(d.subject);
  return { suspicion: own && e.what === 'suspect', death: own && e.what === 'dead' };
}

export function runSlowMember(n: number, delayMs: number, lossRate: number, lifeguard: boolean, seed: number, untilUs = 40_000_000): SlowMemberRun {
  const scenario = slowMemberScenario(n, delayMs, lossRate, lifeguard, seed, untilUs);
  const run: SlowMemberRun = { delayMs, lossRate, lifeguard, seed, accusationsBySlow: 0, falseSuspicions: 0, falsePositives: 0, refutations: 0 };
  const down = new Set<number>();
  const sink = (e: TraceEvent) => {
    const alarm = countFalseAlarms(e, down);
    if (alarm.suspicion) {
      run.falseSuspicions++;
      if (e.node === 0 && delayMs > 0) run.accusationsBySlow++;
    }
    if (alarm.death) run.falsePositives++;
    if (e.kind === 'observe' && e.what === 'refute') run.refutations++;
  };
  const summary = new InProcessRunner(scenario, { sink }).runUntil(untilUs).summary();
  if (summary.violations.length > 0) throw new Error(`slow member seed=${seed}: ${summary.violations[0]!.message}`);
  return run;
}

export const mean = (xs: readonly number[]) => (xs.length === 0 ? Number.NaN : xs.reduce((a, b) => a + b, 0) / xs.length);

/** e/(e − 1): the expected periods until some member picks a given one at random (§3.1, §5). */
export const PAPER_FIRST_DETECTION_PERIODS = Math.E / (Math.E - 1);

/**
 * The Serf convergence picture (serf.io's convergence simulator: 30 members, gossip every
 * 200 ms to a fanout of members, some packet loss): after the first member declares a crashed
 * one dead, which fraction of the running members knows it, over time. One crash per run;
 * `fractions[i]` is the share knowing by `stepsMs[i]` after the first declaration.
 */
export function runConvergence(n: number, gossipNodes: number, lossRate: number, seed: number, stepsMs: readonly number[]): number[] {
  const base = detectionScenario(n, seed, { gossipNodes });
  const scenario: Scenario = { ...base, network: { ...base.network, lossRate } };
  const victim = (scenario.timeline[0]!.action as { node: number }).node;
  const learnt = new Map<number, number>();
  let firstUs: number | null = null;
  const sink = (e: TraceEvent) => {
    if (e.kind !== 'observe' || e.what !== 'dead' || (e.data as { subject?: number }).subject !== victim) return;
    firstUs ??= e.at;
    if (!learnt.has(e.node)) learnt.set(e.node, e.at);
  };
  new InProcessRunner(scenario, { sink }).runUntil(scenario.untilUs);
  const live = n - 1;
  return stepsMs.map((ms) => (firstUs === null ? 0 : [...learnt.values()].filter((at) => at - firstUs! <= ms * 1000).length / live));
}
