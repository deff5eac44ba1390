import type { ExperimentVocabulary, MeasureState } from '../../experiments/contract';
import type { TraceEvent } from '../../kernel/trace';
import { defaultScenario } from '../../scenario/schema';

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

/** e/(e − 1): the paper's expected protocol periods until some member picks a failed one (§3.1). */
const PAPER_PERIODS = Math.E / (Math.E - 1);
const GROUP_SIZES = [8, 16, 32, 64];

export const swimExperiments: ExperimentVocabulary = {
  steps: {},
  measures: {
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
  ],
};
