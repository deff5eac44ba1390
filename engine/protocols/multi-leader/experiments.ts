import type { ExperimentVocabulary, MeasureState } from '../../experiments/contract';
import type { TraceEvent } from '../../kernel/trace';
import { defaultScenario } from '../../scenario/schema';

/**
 * Multi-leader replication in experiments (engine/experiments/contract.ts): how many
 * acknowledged writes last writer wins silently throws away (`multi-leader.lostWrites`, each
 * write once however many leaders saw it lost), how many of them because a clock ran ahead
 * (`lostStale`: the loser had seen the winner), and their share of all writes (`lostPercent`).
 * The built-in experiment sweeps one leader's clock skew from 0 to 1 s.
 */
function lostCounter(pick: (counts: { lost: number; stale: number; writes: number }) => number | null): () => MeasureState {
  return () => {
    const seen = new Set<string>();
    const counts = { lost: 0, stale: 0, writes: 0 };
    return {
      push(e: TraceEvent) {
        if (e.kind !== 'observe') return;
        if (e.what === 'set') counts.writes++;
        else if (e.what === 'lost') {
          const id = String(e.data?.id);
          if (seen.has(id)) return;
          seen.add(id);
          counts.lost++;
          if (e.data?.cause === 'stale') counts.stale++;
        }
      },
      done: false,
      value: () => pick(counts),
    };
  };
}

/** L1's clock skew per variant; L2 and L3 keep exact clocks. */
const SKEWS_MS = [0, 10, 50, 100, 200, 500, 1000];

export const multiLeaderExperiments: ExperimentVocabulary = {
  steps: {},
  measures: {
    lostWrites: {
      label: 'writes lost under LWW',
      axis: 'acknowledged writes last writer wins threw away',
      unit: 'writes',
      explain: 'Distinct acknowledged writes that last writer wins discarded for a write that had not seen them, or that they had seen but whose clock stamped larger.',
      create: lostCounter((c) => c.lost),
    },
    lostStale: {
      label: 'writes lost to a clock ahead',
      axis: 'writes beaten by an older write whose clock ran ahead',
      unit: 'writes',
      explain: 'Lost writes whose writer had already seen the write that beat them: only a skewed clock makes that happen.',
      create: lostCounter((c) => c.stale),
    },
    lostPercent: {
      label: 'share of writes lost under LWW',
      axis: 'lost writes as a share of all acknowledged writes',
      unit: '%',
      explain: 'Lost writes over every write the leaders acknowledged, in percent.',
      create: lostCounter((c) => (c.writes === 0 ? null : (100 * c.lost) / c.writes)),
    },
  },
  builtins: {
    'lww-lost-vs-skew': {
      label: 'Multi-leader: writes lost under last writer wins as one clock runs ahead',
      make: () => ({
        experiment: 2,
        name: 'lww-lost-vs-skew',
        title: 'Writes lost under last writer wins against one leader\'s clock skew',
        description:
          'Three leaders, 40–80 ms apart, one key, a client operation every 100 ms at a random leader (half of them writes), no faults, 20 s. ' +
          'Each variant sets L1\'s clock ahead by 0 to 1000 ms; L2 and L3 keep exact clocks. Operations come 100 ms apart, more than ' +
          'a replication takes, so no two writes are concurrent: every loss is a later write, made knowing the earlier one, beaten by ' +
          'L1\'s fast clock (lostStale). Measured (seeds 1–10, median share of writes lost): 0% up to +100 ms (a write must reach the ' +
          'next writer and the next write come within the skew), 11% at +200 ms, 33% at +500 ms, 51% at +1 s.',
        scenario: defaultScenario({
          protocol: 'multi-leader',
          nodes: 3,
          seed: 0,
          untilUs: 20_000_000,
          network: { latencyUs: { min: 40_000, max: 80_000 } },
          config: { keys: 1, opIntervalMs: 100 },
        }),
        seeds: { from: 1, to: 10 },
        variants: SKEWS_MS.map((ms) => ({ name: `L1 +${ms} ms`, config: { clockSkewMs: [ms, 0, 0] } })),
        steps: [],
        measures: ['multi-leader.lostPercent', 'multi-leader.lostWrites', 'multi-leader.lostStale'],
        stopWhenMeasured: false,
      }),
    },
  },
  scenario: [],
};
