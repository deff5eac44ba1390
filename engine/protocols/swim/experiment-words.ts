import * as v from 'valibot';
import type { ExperimentVocabulary, MeasureState, StepKind } from '../../experiments/contract';
import type { TraceEvent } from '../../kernel/trace';
import { defaultScenario } from '../../scenario/schema';
import { countFalseAlarms } from './experiments';

/**
 * SWIM in experiments (engine/experiments/contract.ts; its `experiments.ts` holds the full-size
 * scripts the README quotes, run by run-experiments.ts): how soon a crash is noticed
 * (`swim.firstProbeMs`, `swim.firstSuspicionMs`) against group size, and the deaths declared
 * about running members under message loss (`swim.falsePositives`), with and without Lifeguard.
 * The crash is the generic step `{ kind: 'crash', node }`.
 */

/** From the first crash to the first event `hit` picks out about the crashed node; null if none. */
function sinceCrash(hit: (e: TraceEvent, crashed: number) => boolean): () => MeasureState {
  return () => {
    let crashed: { node: number; at: number } | null = null;
    let at: number | null = null;
    return {
      push(e) {
        if (at !== null) return;
        if (crashed === null) {
          if (e.kind === 'crash') crashed = { node: e.node, at: e.at };
          return;
        }
        if (hit(e, crashed.node)) at = e.at;
      },
      get done() {
        return at !== null;
      },
      value: () => (at === null || crashed === null ? null : (at - crashed.at) / 1000),
    };
  };
}

const subjectOf = (e: TraceEvent) => (e.kind === 'observe' ? (e.data as { subject?: unknown } | undefined)?.subject : undefined);

/** Deaths a member declared by its own suspicion timeout (`from` itself) about a member that was running. */
function falsePositives(): MeasureState {
  const down = new Set<number>();
  let count = 0;
  return {
    push(e) {
      if (e.kind === 'crash') down.add(e.node);
      else if (e.kind === 'start') down.delete(e.node);
      else if (e.kind === 'observe' && e.what === 'dead') {
        const d = e.data as { subject?: unknown; from?: unknown } | undefined;
        if (d?.from === e.node && typeof d.subject === 'number' && !down.has(d.subject)) count++;
      }
    },
    done: false,
    value: () => count,
  };
}

/**
 * Suspicions a member raised by its own failed probe about a running member; `bySlow`: only
 * those of a member that was slow then (the kernel's `slow` fault, read from the action events).
 */
function falseSuspicions(bySlow: boolean): () => MeasureState {
  return () => {
    const down = new Set<number>();
    const slow = new Set<number>();
    let count = 0;
    return {
      push(e) {
        if (e.kind === 'crash') down.add(e.node);
        else if (e.kind === 'start') down.delete(e.node);
        else if (e.kind === 'action' && e.action.kind === 'slow') {
          const a = e.action as { node?: unknown; delayUs?: unknown };
          if (typeof a.node === 'number') {
            if (typeof a.delayUs === 'number' && a.delayUs > 0) slow.add(a.node);
            else slow.delete(a.node);
          }
        } else if (countFalseAlarms(e, down).suspicion && (!bySlow || slow.has(e.node))) count++;
      },
      done: false,
      value: () => count,
    };
  };
}

/**
 * `swim.slowMember`: from the step's time on, `node` handles every message it receives
 * `delayMs` late (the kernel's `slow` fault; its timers fire on time): Lifeguard's setting.
 */
const slowMember: StepKind = {
  schema: v.strictObject({
    node: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1023)),
    delayMs: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(60_000)),
  }),
  explain: 'make a member slow: every message it receives waits delayMs before it is handled (its timers fire on time)',
  run(step, control) {
    const node = step.node as number;
    if (control.stopped() || !control.views().some((n) => n.id === node && n.up)) return null;
    return { node, atUs: control.act({ kind: 'slow', node, delayUs: (step.delayMs as number) * 1000 }) };
  },
};

/** e/(e − 1): the paper's expected protocol periods until some member picks a failed one (§3.1). */
const PAPER_PERIODS = Math.E / (Math.E - 1);
const GROUP_SIZES = [8, 16, 32, 64];

export const swimExperiments: ExperimentVocabulary = {
  steps: { slowMember },
  measures: {
    falseSuspicions: {
      label: 'suspicions of running members',
      axis: 'suspicions a member raised by its own failed probe about a running member',
      unit: 'suspicions',
      explain: 'Suspicions any member started because its own probe went unanswered, about a member that was running, over the whole run.',
      create: falseSuspicions(false),
    },
    slowMemberAccusations: {
      label: 'accusations by the slow member',
      axis: 'suspicions the slow member raised by its own failed probes (every one false)',
      unit: 'suspicions',
      explain: 'Suspicions a member raised by its own failed probe about a running member while it was slow (the slow fault).',
      create: falseSuspicions(true),
    },
    firstProbeMs: {
      label: 'crash to the first probe of it',
      axis: 'time from a crash until some member first pings the crashed one (ms)',
      unit: 'ms',
      explain: 'From the first crash to the first Ping any member sends the crashed member.',
      create: sinceCrash((e, crashed) => e.kind === 'send' && e.to === crashed && e.msg.type === 'Ping'),
    },
    firstSuspicionMs: {
      label: 'crash to first detection',
      axis: 'time from a crash until some member first suspects the crashed one (ms)',
      unit: 'ms',
      explain: 'From the first crash to the first suspicion (or death) of the crashed member by any member.',
      create: sinceCrash((e, crashed) => e.kind === 'observe' && (e.what === 'suspect' || e.what === 'dead') && subjectOf(e) === crashed),
    },
    falsePositives: {
      label: 'members declared dead while running',
      axis: 'deaths declared about running members (false positives)',
      unit: 'false positives',
      explain: 'Deaths a member declared by its own suspicion timeout about a member that was running, over the whole run.',
      create: falsePositives,
    },
  },
  builtins: {
    'swim-detection': {
      label: 'SWIM: time to first detection, 8 to 64 members',
      make: () => ({
        experiment: 2,
        name: 'swim-detection',
        title: 'SWIM: time from a crash to its first detection, for groups of 8, 16, 32 and 64 members',
        description:
          `Members probe one other member every second (memberlist's defaults). S1 crashes at a random moment between 3 and 4 s. ` +
          `Published (Das, Gupta, Motivala 2002, §5): first detection takes about e/(e-1) = ${PAPER_PERIODS.toFixed(2)} protocol periods ` +
          `(${Math.round(PAPER_PERIODS * 1000)} ms here) whatever the group's size. The paper counts whole periods, the one in which the ` +
          'failed member is picked included; on a continuous clock the first probe comes about one period after the crash and the ' +
          'suspicion one period later, when that probe (and its ping-reqs) went unanswered: flat in the group size, as the paper finds. ' +
          'Measured (seeds 1-20): mean first probe 0.91, 0.69, 1.21 and 1.17 s, first suspicion 1.91, 1.69, 2.21 and 2.17 s for 8, 16, 32 and 64 members. ' +
          'The README\'s table: npx tsx engine/protocols/swim/run-experiments.ts.',
        scenario: defaultScenario({ protocol: 'swim', nodes: 8, seed: 0, untilUs: 30_000_000, workload: { kind: 'none' } }),
        seeds: { from: 1, to: 50 },
        variants: GROUP_SIZES.map((n) => ({ name: `${n} members`, nodes: n })),
        steps: [{ kind: 'crash', node: 0, atMs: 3000, jitterMs: 1000 }],
        measures: ['swim.firstSuspicionMs', 'swim.firstProbeMs'],
      }),
    },
    'swim-false-positives': {
      label: 'SWIM: false positives under message loss, with and without Lifeguard',
      make: () => ({
        experiment: 2,
        name: 'swim-false-positives',
        title: 'SWIM: members declared dead while running, under 20% and 30% message loss, with and without Lifeguard (16 members, 40 s)',
        description:
          'Sixteen members and nobody crashes; messages are lost at random. Every death declared is a false positive. Lifeguard (Dadgar ' +
          'et al. 2018) makes a member slower to suspect when it misses acks itself, and starts suspicions long, shortening them as ' +
          'others confirm. Published: more than 50 times fewer false positives, measured with slow (CPU-starved) members. Uniform loss ' +
          'is a different fault: the README measures about 30 times fewer at 20% loss and 20 times fewer at 30% (120 s runs). ' +
          'Measured here (seeds 1-20, 40 s each): 0.65 false positives per run without Lifeguard and 0 with it at 20% loss; 5.05 and 0.25 at 30%.',
        scenario: defaultScenario({ protocol: 'swim', nodes: 16, seed: 0, untilUs: 40_000_000, workload: { kind: 'none' } }),
        seeds: { from: 1, to: 16 },
        variants: [0.2, 0.3].flatMap((lossRate) => [
          { name: `${lossRate * 100}% loss, SWIM`, config: { lifeguard: false }, network: { lossRate } },
          { name: `${lossRate * 100}% loss, Lifeguard`, config: { lifeguard: true }, network: { lossRate } },
        ]),
        steps: [],
        measures: ['swim.falsePositives', 'observedCount:refute'],
        stopWhenMeasured: false,
      }),
    },
    'swim-slow-member': {
      label: 'SWIM: a slow member accuses healthy ones, with and without Lifeguard',
      make: () => ({
        experiment: 2,
        name: 'swim-slow-member',
        title: 'SWIM: a slow member (messages handled 1.5 s late) accuses healthy members; Lifeguard\'s local health multiplier calms it (16 members, 40 s)',
        description:
          'From 2 s on S1 is slow: every message it receives waits 1.5 s before it is handled, while its timers fire on time (a CPU-starved ' +
          'process whose socket backlog grows). Its probes\' acks arrive after its own deadlines, so it suspects members that are fine; ' +
          'they hear it and refute. Lifeguard (Dadgar et al. 2018) counts those missed acks against S1 itself (the ping-req helpers got ' +
          'their acks, so they sent no nacks) and stretches its probe period up to 8 times, so it accuses far less. Plotted: suspicions ' +
          'raised by S1. Published: more than 50 times fewer false positives with Lifeguard (its full suite, several slow members); here ' +
          'only its local health multiplier can help S1\'s own accusations. Measured (seeds 1-10, means per run): 36.6 accusations without ' +
          'Lifeguard and 5.0 with it, 7 times fewer; with 10% loss on top 36.0 and 4.0. Deaths declared about running members stay rare ' +
          'either way (a suspected member refutes long before the timeout): 0.2 and 0 per run without loss, 1.2 and 0 with it. ' +
          'npx tsx engine/protocols/swim/run-experiments.ts prints the table with loss alone beside it.',
        scenario: defaultScenario({ protocol: 'swim', nodes: 16, seed: 0, untilUs: 40_000_000, workload: { kind: 'none' } }),
        seeds: { from: 1, to: 10 },
        variants: [0, 0.1].flatMap((lossRate) => [
          { name: `${lossRate ? `${lossRate * 100}% loss, ` : ''}SWIM`, config: { lifeguard: false }, network: { lossRate } },
          { name: `${lossRate ? `${lossRate * 100}% loss, ` : ''}Lifeguard`, config: { lifeguard: true }, network: { lossRate } },
        ]),
        steps: [{ kind: 'swim.slowMember', node: 0, delayMs: 1500, atMs: 2000 }],
        measures: ['swim.slowMemberAccusations', 'swim.falseSuspicions', 'swim.falsePositives'],
        stopWhenMeasured: false,
      }),
    },
  },
  scenario: [
    {
      id: 'detection',
      label: 'Time to detect S1 crashed at 1-2 s',
      title: 'This scenario: time from S1\'s crash to its first detection',
      steps: [{ kind: 'crash', node: 0, atMs: 1000, jitterMs: 1000 }],
      measures: ['swim.firstSuspicionMs', 'swim.firstProbeMs'],
      untilMs: 30_000,
    },
    {
      id: 'slow-member',
      label: 'S1 slow (messages 1.5 s late) from 2 s: its false accusations',
      title: 'This scenario: suspicions S1 raises about running members once it is slow',
      steps: [{ kind: 'swim.slowMember', node: 0, delayMs: 1500, atMs: 2000 }],
      measures: ['swim.slowMemberAccusations', 'swim.falseSuspicions', 'swim.falsePositives'],
      untilMs: 30_000,
    },
  ],
};
